/**
 * The few places where this project reaches below Vert.x's public API, each in one class that says why: reading a
 * socket's pooled buffers without a copy ({@link p2pshare.netty.SocketReads}), seeing a Netty buffer as a Vert.x one
 * without a copy ({@link p2pshare.netty.BufferViews}), and sending part of an open file without a copy
 * ({@link p2pshare.netty.OpenFileWrites}). Nothing else in node-runtime or peer-verticle imports Vert.x internals or
 * Netty channel types.
 */
package p2pshare.netty;
