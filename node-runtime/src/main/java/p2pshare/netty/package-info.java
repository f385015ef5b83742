/**
 * The few places where this project reaches below Vert.x's public API, each in one class that says why: reading a
 * socket's pooled buffers without a copy, viewing buffers without a copy, and sending part of an open file without
 * a copy. Nothing else imports Vert.x internals or Netty channel types.
 */
package p2pshare.netty;
