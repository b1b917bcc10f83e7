"""The Kafka reachability check: a bounded TCP connect, cached for ttl seconds."""

import socket

import pytest

from api.health_probe import KafkaProbe, parse_servers


@pytest.fixture
def listener():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock


def test_parse_servers_reads_hosts_and_ports():
    servers = parse_servers("kafka:9092, 127.0.0.1:19092,[::1]:9093,bad")

    assert servers == [("kafka", 9092), ("127.0.0.1", 19092), ("::1", 9093)]


def test_a_listening_server_is_reachable(listener):
    host, port = listener.getsockname()

    result = KafkaProbe(f"{host}:{port}", timeout=0.5, ttl=0).check()

    assert result == {"ok": True, "server": f"{host}:{port}"}


def test_the_answer_is_reused_until_the_ttl_passes(listener):
    host, port = listener.getsockname()
    cached = KafkaProbe(f"{host}:{port}", timeout=0.5, ttl=60)
    fresh = KafkaProbe(f"{host}:{port}", timeout=0.5, ttl=0)
    assert cached.check()["ok"] and fresh.check()["ok"]

    listener.close()

    assert cached.check()["ok"] is True
    assert fresh.check()["ok"] is False


def test_any_reachable_bootstrap_server_is_enough(listener):
    host, port = listener.getsockname()
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        closed = spare.getsockname()[1]

    result = KafkaProbe(f"127.0.0.1:{closed},{host}:{port}", 0.5, ttl=0).check()

    assert result["ok"] is True
