package dev.tokenstorm.testkit.server;

/** The way the server's handling of one request ended. */
public enum RequestOutcome {
  /** Still being served when the snapshot was taken. */
  IN_PROGRESS,
  /** The whole response was written (including error responses and injected status faults). */
  COMPLETED,
  /** An injected fault or a raw script ended the connection early with a reset or a close. */
  CONNECTION_ENDED_BY_SERVER,
  /** Writing failed because the client closed or reset the connection. */
  CLIENT_DISCONNECTED,
  /** The server was closed while the request was waiting or being served. */
  SERVER_CLOSED
}
