/** The final table of `bench/scale.ts`: figure | Rhizome | baseline | ratio | target | PASS/MISS. */

export interface Figure {
  readonly label: string;
  readonly unit: string;
  /** Undefined: the server did not report it. */
  readonly ours: number | undefined;
  readonly baseline?: number;
  readonly target?: { readonly text: string; readonly met: (ours: number, baseline?: number) => boolean };
}

const number = (value: number, unit: string) => {
  if (value === Number.POSITIVE_INFINITY) return '∞';
  const digits = Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
};

const ratioText = (ratio: number) => (Number.isFinite(ratio) ? ratio.toFixed(2) : '∞');

function cells(figure: Figure): string[] {
  const { ours, baseline, target } = figure;
  const ratio =
    ours !== undefined && baseline !== undefined && baseline > 0 ? `${ratioText(ours / baseline)}×` : '–';
  const verdict =
    target === undefined
      ? '–'
      : ours === undefined
        ? 'NOT REPORTED'
        : target.met(ours, baseline)
          ? 'PASS'
          : 'MISS';
  return [
    figure.label,
    ours === undefined ? 'not reported' : number(ours, figure.unit),
    baseline === undefined ? '–' : number(baseline, figure.unit),
    ratio,
    target?.text ?? '–',
    verdict,
  ];
}

export function printFigures(figures: readonly Figure[]): void {
  const rows = [['figure', 'Rhizome', 'baseline', 'ratio', 'target', 'PASS/MISS'], ...figures.map(cells)];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join(' | ');
  const [header, ...body] = rows;
  console.log(line(header as string[]));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of body) console.log(line(row));
}
