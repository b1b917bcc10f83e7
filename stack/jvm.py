"""Java for the broker: finding it, and a class-data archive for a quick start.

A local broker spends most of its start-up loading classes. The first broker
run that stops cleanly leaves a class-data archive (AppCDS) of what it loaded;
later runs map that archive instead of reading the jars again. The broker also
compiles with C1 only (TieredStopAtLevel=1): quicker to start on two cores and
plenty for the load of a laptop or a test run.
"""

import hashlib
import os
import shutil
from pathlib import Path

from stack.errors import StackError

QUICK_START_OPTIONS = ["-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"]
PARTIAL = ".partial"


def java() -> str:
    """Return the java executable: $JAVA_HOME/bin/java, else java on PATH."""
    home = os.environ.get("JAVA_HOME")
    candidate = Path(home, "bin", "java") if home else None
    if candidate and candidate.exists():
        return str(candidate)

    found = shutil.which("java")
    if not found:
        raise StackError(
            "Java 17 or newer is needed to run Kafka: install it "
            "(apt-get install openjdk-17-jre-headless) or set JAVA_HOME."
        )
    return found


def archive_path(folder: Path, libs: Path) -> Path:
    """Return the class archive for this java build and these jars in folder.

    The name changes with the java binary (path and modification time) and
    the jar folder, so an archive the JVM would refuse is never reused.
    """
    binary = Path(java()).resolve()
    jars = sorted(p.name for p in libs.glob("*.jar"))
    key = f"{binary}:{binary.stat().st_mtime_ns}:{libs}:{','.join(jars)}"
    return folder / f"classes-{hashlib.sha256(key.encode()).hexdigest()[:12]}.jsa"


def archive_options(archive: Path) -> list[str]:
    """Return the options that use archive, or that write it when this JVM exits."""
    if archive.exists():
        return [f"-XX:SharedArchiveFile={archive}"]
    # Writing it warns about every class it leaves out; nothing to act on.
    return [f"-XX:ArchiveClassesAtExit={archive}{PARTIAL}", "-Xlog:cds=off"]


def settle_archive(folder: Path, clean_exit: bool) -> None:
    """Keep the archive a cleanly stopped JVM wrote; drop half-written ones.

    Archives for other java builds or jars are removed when a new one is kept.
    """
    for partial in folder.glob(f"classes-*.jsa{PARTIAL}"):
        if not clean_exit or partial.stat().st_size == 0:
            partial.unlink()
            continue
        for old in folder.glob("classes-*.jsa"):
            old.unlink()
        partial.rename(partial.with_name(partial.name.removesuffix(PARTIAL)))


def command(libs: Path, main: str, *args: str, options: list[str]) -> list[str]:
    """Return the java command line running main with libs/* as classpath."""
    return [java(), *options, "-cp", f"{libs}/*", main, *args]
