package dev.tokenstorm.api.result;

/** Why a request failed. */
public enum ErrorKind {
  /** The server answered with a status other than 200 (429 has its own kind). */
  HTTP_STATUS,
  /** The server answered 429 Too Many Requests. */
  RATE_LIMITED,
  /** The connection could not be made, or was reset or closed early. */
  CONNECTION,
  /** A connect, read or total timeout expired. */
  TIMEOUT,
  /** The server reported an error inside a 200 response, such as an {@code error} object in a stream. */
  SERVER_ERROR,
  /** The response could not be decoded: wrong shape, invalid JSON or invalid UTF-8. */
  PROTOCOL,
  /** The request could not be built or sent because of a client-side problem. */
  CLIENT,
  /** The run was cancelled while the request was in flight. */
  CANCELLED
}
