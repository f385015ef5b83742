#!/usr/bin/env python3
"""The reference of scripts/bench.sh --lan: one libtorrent session in one host of an emulated network.

  lan_libtorrent.py torrent --file FILE --out TORRENT [--piece-size BYTES]
      makes a .torrent of FILE (libtorrent's default hybrid v1+v2 format, no tracker); touches no network.
  lan_libtorrent.py seed --torrent TORRENT --save-path DIR --listen IP:PORT --dir DIR [--timeout S] [--super-seed]
      seeds: checks the data in --save-path, then writes DIR/ready and serves until DIR/../stop appears; with
      --super-seed in libtorrent's super-seeding mode (BEP 16: each peer is offered one piece at a time, the next only
      once the last was seen at another peer).
  lan_libtorrent.py leech --torrent TORRENT --save-path DIR --listen IP:PORT --dir DIR --peers IP:PORT,...
      [--timeout S]
      adds the torrent paused and writes DIR/ready; when DIR/../go appears, resumes it and connects to every peer of
      --peers (connect_peer); writes DIR/done once it is seeding, then goes on serving the others until DIR/../stop.

bench.sh runs one seed and N leech processes, each in a host of its own (scripts/lan.sh exec), starts them all at
once by writing the go file and stops them with the stop file; every process also ends by itself after --timeout
seconds, and on SIGTERM or SIGINT. Each session listens on its host's address only, with DHT, LSD, UPnP, NAT-PMP
and uTP off (TCP, as p2pshare) and no rate limit of its own: the hosts' links are shaped by tc.

What a process writes in DIR, as key=value lines (written whole, then renamed into place):
  ready    listen=IP:PORT
  done     at=EPOCH_SECONDS downloaded=PAYLOAD_BYTES (a leecher, the moment it is seeding), then one line
           "from IP=BYTES" per peer it received payload from
  final    uploaded=PAYLOAD_BYTES downloaded=PAYLOAD_BYTES, then one "to IP=BYTES" line per peer it sent payload to
The per-peer counts are libtorrent's per-connection totals, sampled every 20 ms and kept at their largest per remote
address and port, so a peer that disconnects (two seeds close their connection) keeps what it had.
Exit status: 0 when it ran to the stop file; 1 on a timeout or an error; 2 for bad arguments.
"""
import argparse
import os
import signal
import sys
import time

import libtorrent as lt

POLL_SECONDS = 0.02


def write_file(path, lines):
    tmp = path + ".tmp"
    with open(tmp, "w") as out:
        out.write("".join(line + "\n" for line in lines))
    os.replace(tmp, path)


def address(text):
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError("expected IP:PORT, got %r" % text)
    return host, int(port)


def session(listen):
    return lt.session({
        "listen_interfaces": "%s:%d" % listen,
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_incoming_utp": False,
        "enable_outgoing_utp": False,
        "alert_mask": lt.alert.category_t.error_notification,
    })


class PeerTotals:
    """Payload bytes per peer address, summed over its remote ports (each kept at its largest count)."""

    def __init__(self):
        self.per_connection = {}

    def sample(self, handle):
        for peer in handle.get_peer_info():
            key = peer.ip
            down, up = self.per_connection.get(key, (0, 0))
            self.per_connection[key] = (max(down, peer.total_download), max(up, peer.total_upload))

    def lines(self, prefix, index):
        per_ip = {}
        for (ip, _port), counts in self.per_connection.items():
            per_ip[ip] = per_ip.get(ip, 0) + counts[index]
        return ["%s %s=%d" % (prefix, ip, count) for ip, count in sorted(per_ip.items()) if count > 0]


def make_torrent(args):
    path = os.path.abspath(args.file)
    files = lt.file_storage()
    lt.add_files(files, path)
    creator = lt.create_torrent(files, args.piece_size)
    lt.set_piece_hashes(creator, os.path.dirname(path))
    with open(args.out, "wb") as out:
        out.write(lt.bencode(creator.generate()))
    info = lt.torrent_info(args.out)
    print("%s: %d pieces of %d KiB" % (args.out, info.num_pieces(), info.piece_length() >> 10))
    return 0


def run_host(args, seeding):
    deadline = time.monotonic() + args.timeout
    stop_file = os.path.join(os.path.dirname(os.path.abspath(args.dir)), "stop")
    go_file = os.path.join(os.path.dirname(os.path.abspath(args.dir)), "go")
    os.makedirs(args.dir, exist_ok=True)
    ses = session(args.listen)
    params = {"ti": lt.torrent_info(args.torrent), "save_path": args.save_path}
    if not seeding:
        params["flags"] = lt.torrent_flags.paused
    handle = ses.add_torrent(params)
    if seeding:
        while not handle.status().is_seeding:
            if time.monotonic() > deadline:
                print("%s: the data in %s did not check out as complete" % (args.dir, args.save_path), file=sys.stderr)
                return 1
            time.sleep(POLL_SECONDS)
        if args.super_seed:
            handle.set_flags(lt.torrent_flags.super_seeding)
    write_file(os.path.join(args.dir, "ready"), ["listen=%s:%d" % args.listen])

    if not seeding:
        while not os.path.exists(go_file):
            if time.monotonic() > deadline:
                print("%s: no go file within the timeout" % args.dir, file=sys.stderr)
                return 1
            time.sleep(POLL_SECONDS / 2)
        handle.resume()
        for peer in args.peers:
            handle.connect_peer(peer)

    totals = PeerTotals()
    done = seeding
    while not os.path.exists(stop_file):
        if time.monotonic() > deadline:
            print("%s: timed out after %.0f s" % (args.dir, args.timeout), file=sys.stderr)
            return 1
        time.sleep(POLL_SECONDS)
        totals.sample(handle)
        if not done and handle.status().is_seeding:
            at = time.time()
            done = True
            status = handle.status()
            write_file(os.path.join(args.dir, "done"),
                       ["at=%.3f downloaded=%d" % (at, status.total_payload_download)] + totals.lines("from", 0))
    totals.sample(handle)
    status = handle.status()
    write_file(os.path.join(args.dir, "final"),
               ["uploaded=%d downloaded=%d" % (status.total_payload_upload, status.total_payload_download)]
               + totals.lines("to", 1))
    # Removing the torrent and the session waits for the disk threads: every piece is in the file afterwards.
    ses.remove_torrent(handle)
    del handle, ses
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    torrent = commands.add_parser("torrent", help="make a .torrent of a file")
    torrent.add_argument("--file", required=True)
    torrent.add_argument("--out", required=True)
    torrent.add_argument("--piece-size", type=int, default=1 << 20, help="bytes, a power of two from 16 KiB")
    for name in ("seed", "leech"):
        host = commands.add_parser(name, help="one session in this host")
        host.add_argument("--torrent", required=True)
        host.add_argument("--save-path", required=True, help="the folder that holds (seed) or receives the file")
        host.add_argument("--listen", required=True, type=address, help="this host's IP:PORT")
        host.add_argument("--dir", required=True, help="this process's folder for its ready, done and final files; "
                                                       "the go and stop files are looked for beside it")
        host.add_argument("--timeout", type=float, default=900, help="seconds this process lives at most")
        if name == "seed":
            host.add_argument("--super-seed", action="store_true", help="libtorrent's super-seeding mode (BEP 16)")
        if name == "leech":
            host.add_argument("--peers", required=True, type=lambda s: [address(p) for p in s.split(",") if p],
                              help="IP:PORT of the seeder and of every other leecher, comma-separated")
    args = parser.parse_args()
    if args.command == "torrent":
        size = args.piece_size
        if size < 16384 or size & (size - 1):
            parser.error("--piece-size must be a power of two of at least 16384")
        return make_torrent(args)
    return run_host(args, seeding=args.command == "seed")


if __name__ == "__main__":
    # SIGTERM (bench.sh's cleanup, scripts/lan.sh down) ends the process at once, as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
