"""The stack's own pieces: profiles, broker config, Procfile, service reuse."""

import pytest

from stack import apps, jvm, kafka
from stack import services as stack_services
from stack.profiles import PROFILES


def test_profiles_share_no_port_and_no_state_folder():
    ports = [
        port
        for p in PROFILES.values()
        for port in (p.kafka_port, p.controller_port, p.redis_port)
    ]

    assert len(ports) == len(set(ports))
    assert len({p.state_dir for p in PROFILES.values()}) == len(PROFILES)


def test_broker_config_is_one_combined_kraft_node_on_the_profile_ports():
    profile = PROFILES["test"]

    config = dict(
        line.split("=", 1)
        for line in kafka.server_properties(profile).splitlines()
        if line and not line.startswith("#")
    )

    assert config["process.roles"] == "broker,controller"
    assert config["node.id"] == "1"
    assert config["controller.quorum.voters"] == "1@localhost:19093"
    assert config["advertised.listeners"] == "PLAINTEXT://localhost:19092"
    assert config["log.dirs"] == str(kafka.data_dir(profile))


def test_cluster_ids_look_like_kafkas_own():
    ids = {kafka.new_cluster_id() for _ in range(200)}

    assert len(ids) == 200
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)


def test_procfile_runs_engine_api_and_simulator():
    processes = apps.load_procfile()

    assert {"engine", "api", "simulator"} <= set(processes)
    assert "pipeline.engine" in processes["engine"]


def test_engines_option_runs_that_many_members_of_the_engine():
    processes = apps.load_procfile()

    two = apps.with_engines(processes, 2)

    assert [n for n in two if n.startswith("engine")] == ["engine.1", "engine.2"]
    assert two["engine.2"] == processes["engine"]
    assert set(two) - {"engine.1", "engine.2"} == set(processes) - {"engine"}
    assert apps.with_engines(processes, 1) == processes


def test_services_that_answer_are_reused_not_started_again(services):
    matching = [
        p
        for p in PROFILES.values()
        if p.bootstrap_servers == services.kafka_bootstrap_servers
        and p.redis_url == services.redis_url
    ]
    if not matching:
        pytest.skip("the tests run against services of no stack profile")
    profile = matching[0]

    with stack_services.locked(profile):
        statuses = stack_services.bring_up(profile, borrowed=True)

    assert set(statuses.values()) <= {stack_services.RUNNING, stack_services.EXTERNAL}


def test_a_broker_without_archive_writes_one_and_the_next_start_uses_it(tmp_path):
    archive = tmp_path / "classes-abc.jsa"
    first = jvm.archive_options(archive)
    (tmp_path / "classes-abc.jsa.partial").write_bytes(b"classes")
    (tmp_path / "classes-old.jsa").write_bytes(b"stale")

    jvm.settle_archive(tmp_path, clean_exit=True)

    assert first[0] == f"-XX:ArchiveClassesAtExit={archive}.partial"
    assert [p.name for p in tmp_path.iterdir()] == ["classes-abc.jsa"]
    assert jvm.archive_options(archive) == [f"-XX:SharedArchiveFile={archive}"]


def test_a_killed_broker_leaves_no_half_written_archive(tmp_path):
    (tmp_path / "classes-abc.jsa.partial").write_bytes(b"half")

    jvm.settle_archive(tmp_path, clean_exit=False)

    assert list(tmp_path.iterdir()) == []
