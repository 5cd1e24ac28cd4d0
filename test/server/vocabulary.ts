/** Word lists for realistic-looking fixture values; accents and non-Latin letters are deliberate. */

export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Amelia', 'Noah', 'Isla', 'Jack', 'Aroha', 'Wiremu', 'Chloé', 'José',
  'Siobhán', 'François', 'Björn', 'Łukasz', 'Renée', 'Mia', 'Hemi', 'Priya', 'Mateo', 'Ava',
  'Sofía', 'Yuki', 'Oliver', 'Grace', 'Ethan', 'Ngaio', 'Lucas', 'Ruby', 'Leo', 'Hana',
] as const;

export const LAST_NAMES = [
  'Smith', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Ngata', 'Müller', "O'Connor", 'García',
  'Nguyen', 'Kowalski', 'Singh', 'Tanaka', 'Jones', 'Martin', 'Dubois', 'Rossi', 'Parata',
  'Andersen', 'Walker', 'Thompson', 'Clarke', 'Young', 'King', 'Wright',
] as const;

export const STREETS = [
  'Queen Street', 'Ponsonby Road', 'Cuba Street', 'Colombo Street', 'George Street',
  'Karangahape Road', 'Lambton Quay', 'High Street', 'Victoria Street', 'Dominion Road',
] as const;

export const CITIES = [
  { city: 'Auckland', state: 'Auckland', postcode: '1010', country: 'NZ' },
  { city: 'Wellington', state: 'Wellington', postcode: '6011', country: 'NZ' },
  { city: 'Christchurch', state: 'Canterbury', postcode: '8011', country: 'NZ' },
  { city: 'Sydney', state: 'NSW', postcode: '2000', country: 'AU' },
  { city: 'Melbourne', state: 'VIC', postcode: '3000', country: 'AU' },
] as const;

export const COMPANIES = [
  'Kōwhai Design Ltd', 'Harbour & Co', 'Southern Cross Traders', 'Bean There Café',
  'Tūī Creative', 'Northwind Goods',
] as const;

export const NOTES = [
  'Prefers email receipts', 'VIP — call before large orders', 'Allergic to lavender',
  'Wholesale account', 'Ask about the loyalty programme', '',
] as const;

export const PRODUCT_ADJECTIVES = [
  'Classic', 'Organic', 'Recycled', 'Merino', 'Vintage', 'Handmade', 'Ceramic', 'Linen',
  'Bamboo', 'Waxed', 'Heritage', 'Crème',
] as const;

export const PRODUCT_NOUNS = [
  'T-Shirt', 'Hoodie', 'Tote Bag', 'Beanie', 'Coffee Mug', 'Candle', 'Notebook', 'Water Bottle',
  'Scarf', 'Socks', 'Tea Towel', 'Apron', 'Sunglasses', 'Backpack', 'Cushion',
] as const;

export const SIZES = ['XS', 'S', 'M', 'L', 'XL'] as const;
export const COLOURS = ['Navy', 'Charcoal', 'Forest', 'Rust', 'Oatmeal', 'Black'] as const;

export const BRAND_NAMES = [
  'Kiwi Threads', 'Ōtaki Outfitters', 'Fernleaf', 'Black Sand Co', 'Southern Alps',
  'Tasman Trade', 'Pōhutukawa', 'Cloud Nine',
] as const;

export const SUPPLIER_NAMES = [
  'Pacific Wholesale', 'Aotearoa Textiles', 'Bay Ceramics', 'Canterbury Paper Mill',
  'Harbour Imports', 'Coastline Distributors',
] as const;

export const TAG_NAMES = [
  'summer', 'bestseller', 'gift idea', 'eco-friendly', 'clearance', 'new arrival', 'limited',
  'staff pick',
] as const;

/** Category names by parent name ('' for roots); children beyond a list get numbered names. */
export const CATEGORY_TREE: Readonly<Record<string, readonly string[]>> = {
  '': ['Apparel', 'Homeware', 'Accessories', 'Outdoor'],
  Apparel: ['Tops', 'Bottoms', 'Outerwear'],
  Homeware: ['Kitchen', 'Candles', 'Textiles'],
  Accessories: ['Bags', 'Hats', 'Jewellery'],
  Outdoor: ['Camping', 'Garden'],
  Tops: ['T-Shirts', 'Hoodies', 'Crop Tops'],
  Kitchen: ['Mugs', 'Tea Towels', 'Cookware'],
  Bottoms: ['Jeans', 'Shorts'],
  Candles: ['Soy Candles', 'Diffusers'],
};

export const VARIANT_ATTRIBUTE_NAMES = ['Size', 'Colour', 'Material', 'Style', 'Scent'] as const;

export const PAYMENT_TYPES = [
  { name: 'Cash', type_id: 1 },
  { name: 'Credit Card', type_id: 2 },
  { name: 'EFTPOS', type_id: 3 },
  { name: 'Store Credit', type_id: 4 },
  { name: 'Gift Card', type_id: 5 },
] as const;

export const OUTLET_NAMES = ['Main Street', 'Harbour Side', 'Airport', 'Online', 'Pop-up'] as const;

export const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
  'Lightspeed Retail/5.12 (iPad; iOS 17.5)',
] as const;

export const PROMOTION_NAMES = [
  'Summer Sale 20% off', 'Buy 2 Get 1 Free — Socks', 'Loyalty Double Points 🎉',
  'Staff Discount', 'Black Friday',
] as const;
