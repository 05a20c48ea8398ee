"""A long-lived redis-py Sentinel client driven by clients-redis-py.test.ts.

Configured the way the redis-py documentation shows Sentinel use:

    sentinel = Sentinel([(host, port), ...], socket_timeout=..., sentinel_kwargs={...})
    master = sentinel.master_for(name, socket_timeout=...)
    replica = sentinel.slave_for(name, socket_timeout=...)

The same Sentinel and client objects live for the whole process, so a test can kill the
primary and check that they follow the failover without being re-created. Requests come on
stdin, one JSON object per line ({"id": n, "op": "...", ...}); each gets one JSON line on
stdout: {"id": n, "ok": true, "value": ...} or {"id": n, "ok": false, "error": "Type: text"}.

argv[1] is a JSON object: {"sentinels": [[host, port], ...], "name": "...", "password": null}.
"""
import json
import sys

import redis
from redis.sentinel import Sentinel


def plain(value):
    """JSON-ready copy: bytes (redis-py 4 does not decode by default) become text."""
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def main():
    config = json.loads(sys.argv[1])
    name = config["name"]
    sentinel_kwargs = {"socket_timeout": 2.0}
    if config.get("password") is not None:
        sentinel_kwargs["password"] = config["password"]
    sentinel = Sentinel(
        [tuple(s) for s in config["sentinels"]],
        socket_timeout=2.0,
        sentinel_kwargs=sentinel_kwargs,
    )
    master = sentinel.master_for(name, socket_timeout=2.0)
    replica = sentinel.slave_for(name, socket_timeout=2.0)

    def node_of(client):
        info = client.info()
        return {
            "port": int(info["tcp_port"]),
            "role": info["role"],
            "master_port": int(info["master_port"]) if "master_port" in info else None,
        }

    def run(request):
        op = request["op"]
        if op == "version":
            return redis.__version__
        if op == "discover_master":
            host, port = sentinel.discover_master(name)
            return [host, port]
        if op == "discover_slaves":
            return [[host, port] for host, port in sentinel.discover_slaves(name)]
        if op == "sentinel_masters":
            # The parsed reply of SENTINEL MASTERS, as redis-py's own parser types it.
            masters = sentinel.sentinels[0].sentinel_masters()
            return masters
        if op == "sentinel_slaves":
            return sentinel.sentinels[0].sentinel_slaves(name)
        if op == "sentinel_sentinels":
            return sentinel.sentinels[0].sentinel_sentinels(name)
        if op == "sentinel_get_master_addr":
            return list(sentinel.sentinels[0].sentinel_get_master_addr_by_name(request["master"]) or []) or None
        if op == "set":
            return bool(master.set(request["key"], request["value"]))
        if op == "get":
            return master.get(request["key"])
        if op == "replica_get":
            return replica.get(request["key"])
        if op == "master_node":
            return node_of(master)
        if op == "replica_node":
            return node_of(replica)
        raise ValueError(f"unknown op {op}")

    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        request = json.loads(line)
        try:
            response = {"id": request["id"], "ok": True, "value": plain(run(request))}
        except Exception as exc:  # every failure goes back to the test as text
            response = {"id": request["id"], "ok": False, "error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(response, default=str) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
