/** The subset of a pino logger the feed uses. */
export interface FeedLogger {
  warn(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
}

export const silentLogger: FeedLogger = { warn() {}, info() {} };
