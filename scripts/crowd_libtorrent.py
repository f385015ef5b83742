#!/usr/bin/env python3
"""The crowd benchmark's reference: one libtorrent seeder and N libtorrent leechers on 127.0.0.1.

Makes a .torrent of FILE (1 MiB pieces, libtorrent's default format, no tracker), seeds it from one session with its
upload capped at --rate bytes/s, and starts N leeching sessions at once, each connected to the seeder and to every
other leecher. Waits until all of them are seeding (at most --timeout seconds), then prints the time, the seeder's
payload upload as a multiple of the file's size, its average and peak upload rates, and each copy's SHA-256 verdict.

Every session listens on 127.0.0.1 on a port of its own (chosen by the system), with DHT, LSD, UPnP, NAT-PMP and uTP
off. libtorrent puts loopback and LAN peers in a "local" peer class that no rate limit applies to; here every address
is mapped to the global class instead, so the seeder's upload_rate_limit holds for its loopback peers too.

Exit status: 0 when every copy is identical and the cap held; 1 when a copy is wrong or missing, the leechers did not
finish in time, or the seeder uploaded faster than --max-mbps on average; 2 for bad arguments.
Run by scripts/bench.sh --crowd, which also stops it and removes its folder on exit or Ctrl-C.
"""
import argparse
import hashlib
import os
import sys
import time

import libtorrent as lt

PIECE_SIZE = 1 << 20


def session(upload_rate=0):
    settings = {
        "listen_interfaces": "127.0.0.1:0",
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_incoming_utp": False,
        "enable_outgoing_utp": False,
        # Every peer here is 127.0.0.1: without this a session accepts one connection from that address.
        "allow_multiple_connections_per_ip": True,
        "upload_rate_limit": upload_rate,
        "alert_mask": lt.alert.category_t.error_notification,
    }
    ses = lt.session(settings)
    every_address = lt.ip_filter()
    global_class = 1 << ses.global_peer_class_id
    every_address.add_rule("0.0.0.0", "255.255.255.255", global_class)
    every_address.add_rule("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", global_class)
    ses.set_peer_class_filter(every_address)
    return ses


def wait_until(predicate, deadline, what):
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--file", required=True, help="the file to seed")
    parser.add_argument("--leechers", type=int, default=6)
    parser.add_argument("--work", required=True, help="an empty folder for the leechers' copies")
    parser.add_argument("--rate", type=int, default=32 << 20, help="the seeder's upload cap, bytes/s")
    parser.add_argument("--max-mbps", type=float,
                        help="the seeder's average upload rate (10^6 bytes/s) above which the cap counts as broken "
                             "(default: the cap plus 1.5 %%, 34.1 for 32 MiB/s)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds for the whole download")
    parser.add_argument("--start-timeout", type=float, default=120, help="seconds for the seeder to check the file")
    parser.add_argument("--sha256", help="expected SHA-256 (default: computed from --file)")
    parser.add_argument("--result", help="also write the results as key=value lines to this file")
    args = parser.parse_args()
    if not 1 <= args.leechers <= 64 or args.rate < 1 or not os.path.isfile(args.file):
        parser.error("needs an existing --file, 1..64 --leechers and a positive --rate")
    if args.max_mbps is None:
        args.max_mbps = args.rate * 1.015 / 1e6

    path = os.path.abspath(args.file)
    size = os.path.getsize(path)
    expected = args.sha256 or sha256_of(path)
    files = lt.file_storage()
    lt.add_files(files, path)
    creator = lt.create_torrent(files, PIECE_SIZE)
    lt.set_piece_hashes(creator, os.path.dirname(path))
    info = lt.torrent_info(creator.generate())

    seeder = session(upload_rate=args.rate)
    seed = seeder.add_torrent({"ti": info, "save_path": os.path.dirname(path)})
    wait_until(lambda: seed.status().is_seeding, time.monotonic() + args.start_timeout,
               "the seeder did not finish checking the file within %ss" % args.start_timeout)
    seeder_port = seeder.listen_port()

    leechers, handles, ports, folders = [], [], [], []
    for i in range(args.leechers):
        folder = os.path.join(args.work, "leecher-%d" % (i + 1))
        os.makedirs(folder, exist_ok=True)
        ses = session()
        handle = ses.add_torrent({"ti": info, "save_path": folder, "flags": lt.torrent_flags.paused})
        leechers.append(ses)
        handles.append(handle)
        ports.append(ses.listen_port())
        folders.append(folder)
    print("libtorrent %s: %d MiB, %d pieces of %d KiB, seeder on 127.0.0.1:%d capped at %d bytes/s, "
          "%d leechers on ports %s" % (lt.__version__, size >> 20, info.num_pieces(), PIECE_SIZE >> 10, seeder_port,
                                       args.rate, args.leechers, " ".join(map(str, ports))), flush=True)

    uploaded_before = seed.status().total_payload_upload
    t0 = time.monotonic()
    for handle in handles:
        handle.resume()
    for i, handle in enumerate(handles):
        handle.connect_peer(("127.0.0.1", seeder_port))
        for j, port in enumerate(ports):
            if j != i:
                handle.connect_peer(("127.0.0.1", port))

    done_at = [None] * len(handles)
    peak_rate = 0
    deadline = t0 + args.timeout
    while None in done_at and time.monotonic() < deadline:
        time.sleep(0.05)
        now = time.monotonic()
        for i, handle in enumerate(handles):
            if done_at[i] is None and handle.status().is_seeding:
                done_at[i] = now - t0
        peak_rate = max(peak_rate, seed.status().upload_payload_rate)
    seconds = time.monotonic() - t0
    uploaded = seed.status().total_payload_upload - uploaded_before
    finished = sum(t is not None for t in done_at)

    # Closing the sessions waits for their disk threads, so every piece is in the files before they are hashed.
    del handles, seed
    leechers.clear()
    del seeder

    verdicts = []
    for folder in folders:
        copy = os.path.join(folder, os.path.basename(path))
        if not os.path.isfile(copy) or os.path.getsize(copy) != size:
            verdicts.append("missing or short")
        else:
            verdicts.append("ok" if sha256_of(copy) == expected else "BAD")
    average_mbps = uploaded / seconds / 1e6 if seconds > 0 else 0.0
    cap_held = average_mbps <= args.max_mbps
    all_ok = finished == len(folders) and all(v == "ok" for v in verdicts)

    if finished == len(folders):
        print("libtorrent: all %d done in %.2f s, seeder uploaded %.2fx the file" % (finished, seconds, uploaded / size))
    else:
        print("libtorrent: only %d of %d done after %.0f s (timeout), seeder uploaded %.2fx the file"
              % (finished, len(folders), seconds, uploaded / size))
    print("libtorrent: each leecher done after (s): %s" % " ".join(
        "%.2f" % t if t is not None else "-" for t in done_at))
    print("libtorrent: seeder upload %.1f MB/s on average over the run (cap %.1f MB/s, limit of this check %.1f): %s; "
          "peak of libtorrent's own rate estimate %.1f MB/s"
          % (average_mbps, args.rate / 1e6, args.max_mbps, "cap held" if cap_held else "CAP NOT HELD", peak_rate / 1e6))
    print("libtorrent: sha256 " + ", ".join("leecher-%d %s" % (i + 1, v) for i, v in enumerate(verdicts)))
    if args.result:
        with open(args.result, "w") as out:
            out.write("finished=%d\nleechers=%d\nseconds=%.2f\nuploaded=%d\nratio=%.2f\naverage_mbps=%.1f\n"
                      "peak_mbps=%.1f\ncap_held=%s\nverdicts=%s\n"
                      % (finished, len(folders), seconds, uploaded, uploaded / size, average_mbps, peak_rate / 1e6,
                         "yes" if cap_held else "no", ",".join(v.replace(" ", "_") for v in verdicts)))
    return 0 if all_ok and cap_held else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except TimeoutError as e:
        print("libtorrent: %s" % e, file=sys.stderr)
        sys.exit(1)
