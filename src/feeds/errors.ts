// The few named errors of the feed pipeline. Each carries a reason code that is stored on the
// feed row, so "why did it stop fetching" always has an answer (`secbrief feeds list`).

export type FeedFailureReason =
  | 'timeout'
  | 'http'
  | 'blocked'
  | 'too_large'
  | 'not_feed'
  | 'redirects'
  | 'network'
  | 'refused'
  | 'proxy'
  | 'internal';

export class FeedError extends Error {
  constructor(
    readonly reason: FeedFailureReason,
    message: string,
    readonly httpStatus?: number,
    /** Seconds from a Retry-After header, when the server sent one. */
    readonly retryAfterSec?: number,
  ) {
    super(message);
    this.name = 'FeedError';
  }

  /** One line for logs, CLI output and the feeds table: `blocked: WAF challenge page (HTTP 403)`. */
  get summary(): string {
    return `${this.reason}: ${this.message}`;
  }
}

/** The document is not a usable feed (HTML, empty, malformed, unknown root…). */
export class NotAFeedError extends FeedError {
  constructor(message: string, reason: 'not_feed' | 'blocked' = 'not_feed') {
    super(reason, message);
    this.name = 'NotAFeedError';
  }
}
