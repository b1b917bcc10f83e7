"""Kafka as one local process: KRaft, broker and controller in one JVM.

The jars come from ``$KAFKA_HOME/libs`` when KAFKA_HOME is set, otherwise
Maven resolves ``infra/kafka/pom.xml`` once into ``.local/cache``.
"""

import base64
import hashlib
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from kafka import KafkaAdminClient

from stack import jvm, process
from stack.errors import StackError
from stack.paths import CACHE_DIR, INFRA_KAFKA, relative
from stack.profiles import Profile

KAFKA_VERSION = "4.1.1"
POM = INFRA_KAFKA / "pom.xml"
LOG4J2_CONFIG = INFRA_KAFKA / "log4j2.properties"
BROKER_MAIN = "kafka.Kafka"
STORAGE_TOOL = "kafka.tools.StorageTool"
# The heap Kafka's own start script uses is 1 GiB fixed; a local broker needs
# less to start with. KAFKA_HEAP_OPTS overrides it, as with Kafka's scripts.
DEFAULT_HEAP_OPTS = "-Xms256m -Xmx1g"
# A broker writing its class archive at exit (see stack.jvm) needs a while.
STOP_TIMEOUT_SECONDS = 60

# (key, value template filled from the profile, why a reader would wonder)
BROKER_CONFIG = (
    ("process.roles", "broker,controller", "one JVM is broker and controller"),
    ("node.id", "1", None),
    ("controller.quorum.voters", "1@localhost:{p.controller_port}", "itself"),
    (
        "listeners",
        "PLAINTEXT://localhost:{p.kafka_port},"
        "CONTROLLER://localhost:{p.controller_port}",
        "loopback only",
    ),
    ("advertised.listeners", "PLAINTEXT://localhost:{p.kafka_port}", None),
    ("controller.listener.names", "CONTROLLER", None),
    ("inter.broker.listener.name", "PLAINTEXT", None),
    (
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        None,
    ),
    ("log.dirs", "{data}", None),
    ("num.partitions", "3", None),
    (
        "auto.create.topics.enable",
        "false",
        "topics come from pipeline/topics.py with the partitions they need",
    ),
    ("offsets.topic.replication.factor", "1", "a single broker"),
    ("offsets.topic.num.partitions", "5", "the default 50 slows a cold start"),
    ("transaction.state.log.replication.factor", "1", None),
    ("transaction.state.log.min.isr", "1", None),
    ("transaction.state.log.num.partitions", "5", None),
    ("share.coordinator.state.topic.replication.factor", "1", None),
    ("share.coordinator.state.topic.min.isr", "1", None),
    ("group.initial.rebalance.delay.ms", "0", "tests join groups right away"),
)


def kafka_dir(profile: Profile) -> Path:
    """Return the folder of the broker's config, cluster id and class archive."""
    return profile.state_dir / "kafka"


def data_dir(profile: Profile) -> Path:
    """Return the broker's log.dirs folder for profile."""
    return kafka_dir(profile) / "data"


def config_file(profile: Profile) -> Path:
    """Return the path of the generated server.properties for profile."""
    return kafka_dir(profile) / "server.properties"


def log_files(profile: Profile) -> list[Path]:
    """Return the broker's log (log4j2) and console output files."""
    return [profile.logs_dir / "kafka.log", profile.logs_dir / "kafka.out"]


def server_properties(profile: Profile) -> str:
    """Render server.properties for a single combined node of profile."""
    lines = [f"# Written by python -m stack for the {profile.name} profile."]
    for key, value, why in BROKER_CONFIG:
        if why:
            lines.append(f"# {why}")
        lines.append(f"{key}={value.format(p=profile, data=data_dir(profile))}")
    return "\n".join(lines) + "\n"


def new_cluster_id() -> str:
    """Return a random cluster id in Kafka's form (22 url-safe base64 chars)."""
    while True:
        text = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        # Kafka's own generator skips ids a command line would read as a flag.
        if not text.startswith("-"):
            return text


def libs_dir() -> Path:
    """Return the folder of broker jars, resolving them on first use."""
    home = os.environ.get("KAFKA_HOME")
    if not home:
        return resolve_libs()

    libs = Path(home) / "libs"
    if not any(libs.glob("kafka_2.13-*.jar")):
        raise StackError(f"KAFKA_HOME={home} has no libs/kafka_2.13-*.jar.")
    return libs


def resolve_libs() -> Path:
    """Copy Kafka's jars from Maven into the cache once; return their folder.

    A marker holding the pom's hash makes later runs instant and a changed
    pom resolve again.
    """
    cache = CACHE_DIR / f"kafka-{KAFKA_VERSION}"
    libs, marker = cache / "libs", cache / "resolved"
    pom_hash = hashlib.sha256(POM.read_bytes()).hexdigest()
    if marker.exists() and marker.read_text().strip() == pom_hash:
        return libs

    mvn = shutil.which("mvn")
    if not mvn:
        raise StackError(
            "Maven (mvn) is needed once to fetch Kafka: install it "
            "(apt-get install maven), or set KAFKA_HOME to a Kafka 4 install."
        )
    partial = cache / "libs.partial"
    shutil.rmtree(partial, ignore_errors=True)
    print(f"Fetching Kafka {KAFKA_VERSION} with Maven (once)...", file=sys.stderr)
    result = subprocess.run(
        [
            mvn,
            "-q",
            "-B",
            "-f",
            str(POM),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={partial}",
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise StackError(
            f"Maven could not fetch Kafka:\n{result.stdout}{result.stderr}"
        )

    shutil.rmtree(libs, ignore_errors=True)
    partial.rename(libs)
    marker.write_text(pom_hash + "\n")
    return libs


def java_options(profile: Profile) -> list[str]:
    """Return the JVM options of every Kafka command: heap, logging, start-up."""
    heap = os.environ.get("KAFKA_HEAP_OPTS", DEFAULT_HEAP_OPTS).split()
    return [
        *heap,
        *jvm.QUICK_START_OPTIONS,
        f"-Dlog4j2.configurationFile={LOG4J2_CONFIG}",
        f"-Dkafka.logs.dir={profile.logs_dir}",
    ]


def format_storage(libs: Path, profile: Profile) -> None:
    """Format the KRaft storage once; the cluster id is kept in the state dir."""
    if (data_dir(profile) / "meta.properties").exists():
        return

    id_file = kafka_dir(profile) / "cluster-id"
    if not id_file.exists():
        id_file.write_text(new_cluster_id() + "\n")
    cluster_id = id_file.read_text().strip()

    command = jvm.command(
        libs,
        STORAGE_TOOL,
        "format",
        "--ignore-formatted",
        "--cluster-id",
        cluster_id,
        "--config",
        str(config_file(profile)),
        options=java_options(profile),
    )
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise StackError(
            f"Formatting Kafka storage in {relative(data_dir(profile))} failed:\n"
            f"{result.stdout}{result.stderr}"
        )


def start(profile: Profile) -> int:
    """Write the config, format storage if new, start the broker; return its pid."""
    libs = libs_dir()
    profile.logs_dir.mkdir(parents=True, exist_ok=True)
    data_dir(profile).mkdir(parents=True, exist_ok=True)
    config_file(profile).write_text(server_properties(profile))
    format_storage(libs, profile)

    archive = jvm.archive_path(kafka_dir(profile), libs)
    options = [*java_options(profile), *jvm.archive_options(archive)]
    command = jvm.command(libs, BROKER_MAIN, str(config_file(profile)), options=options)
    return process.spawn(
        command,
        pid_file=profile.run_dir / "kafka.pid",
        out_file=log_files(profile)[1],
    )


def after_stop(profile: Profile, clean_exit: bool) -> None:
    """Keep the class archive a cleanly stopped broker wrote (see stack.jvm)."""
    jvm.settle_archive(kafka_dir(profile), clean_exit)


def answers(bootstrap_servers: str, timeout: float = 2.0) -> bool:
    """Return whether a broker at bootstrap_servers answers a metadata request."""
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap_servers,
            client_id="stack-probe",
            bootstrap_timeout_ms=int(timeout * 1000),
            request_timeout_ms=int(timeout * 1000),
        )
    except Exception:
        return False
    try:
        cluster = admin.describe_cluster()
        return bool(cluster.get("brokers")) and cluster.get("controller_id", -1) >= 0
    except Exception:
        return False
    finally:
        admin.close()
