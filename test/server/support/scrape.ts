/** One Prometheus text exposition as `name{labels}` → value (labels as printed). */
export type Scrape = ReadonlyMap<string, number>;

export async function scrape(graphqlUrl: string): Promise<Scrape> {
  const response = await fetch(new URL('/metrics', graphqlUrl));
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  const figures = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    figures.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return figures;
}

/** The value of a series, or undefined when it is not exposed. */
export const figure = (scraped: Scrape, series: string): number | undefined => scraped.get(series);

/** The sum over every series of a metric (all label sets). */
export const total = (scraped: Scrape, name: string): number => {
  let sum = 0;
  for (const [series, value] of scraped) {
    if (series === name || series.startsWith(`${name}{`)) sum += value;
  }
  return sum;
};
