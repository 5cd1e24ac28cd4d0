const CHOICES = [0, 1, 3, 6, 12, 24];

const describe = (hours: number) => (hours === 0 ? 'Off' : hours === 1 ? 'Every hour' : `Every ${hours} hours`);

interface Props {
  hours: number;
  onChange(hours: number): void;
}

export function AutoSyncSection({ hours, onChange }: Props) {
  const choices = CHOICES.includes(hours) ? CHOICES : [...CHOICES, hours].sort((a, b) => a - b);
  return (
    <section class="card" aria-labelledby="autosync-heading">
      <h2 id="autosync-heading">Automatic sync</h2>
      <div class="field field-inline">
        <label for="autosync">Sync automatically</label>
        <select id="autosync" value={String(hours)} aria-describedby="autosync-hint" onChange={(e) => onChange(Number(e.currentTarget.value))}>
          {choices.map((h) => (
            <option key={h} value={String(h)}>
              {describe(h)}
            </option>
          ))}
        </select>
      </div>
      <p id="autosync-hint" class="hint">
        Runs in the background while the browser is open, for the tables selected above.
      </p>
    </section>
  );
}
