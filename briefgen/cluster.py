"""The per-document step on a Dask cluster (`--dask tcp://scheduler:8786`, or `--dask local`).

Each chunk of documents goes to a worker as one task running `work.run_chunk`: the worker loads
the spaCy pipeline on its first task and keeps it (a cached global of that worker process), so
the model is loaded once per worker. Results come back in the order of the chunks; the driver
saves them in the store and assembles the brief, so the brief is the one `--jobs 1` makes.

dask and distributed are an optional extra: `pip install 'briefgen[dask]'`. Every worker needs
the same briefgen and spaCy pipeline as the driver.
"""

from __future__ import annotations

from typing import Any, Iterator

from .errors import ClusterError
from .model import Document
from .work import ChunkResult, ChunkRunner, run_chunk

LOCAL = "local"
CONNECT_TIMEOUT = "20s"
LOCAL_WORKERS = 2


def dask_runner(address: str, *, workers: int = LOCAL_WORKERS) -> ChunkRunner:
    """A ChunkRunner that submits chunks to the scheduler at `address` ("local": a cluster of
    `workers` processes on this machine, started for the run and stopped after it)."""
    _require_dask()

    def run(work: list[list[Document]], model: str | None) -> Iterator[ChunkResult]:
        client, cluster = connect(address, workers=workers)
        try:
            futures = client.map(run_chunk, work, model=model, pure=False)
            for future in futures:         # in chunk order, each as soon as it is done
                yield future.result()
                future.release()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return run


def connect(address: str, *, workers: int = LOCAL_WORKERS) -> tuple[Any, Any]:
    """(client, the local cluster or None); ClusterError naming the address when it fails."""
    _require_dask()
    from distributed import Client, LocalCluster

    if address == LOCAL:
        try:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        except Exception as exc:  # noqa: BLE001 - any failure to start is one line for the user
            raise ClusterError(f"--dask local: could not start a local cluster "
                             f"({type(exc).__name__}: {exc})") from exc
        return Client(cluster), cluster
    if "://" not in address:
        raise ClusterError(f"--dask {address}: give a scheduler address such as "
                         "tcp://scheduler:8786, or 'local'")
    try:
        return Client(address, timeout=CONNECT_TIMEOUT), None
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"--dask {address}: the scheduler cannot be reached "
                         f"({type(exc).__name__}: {exc})") from exc


def _require_dask() -> None:
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ClusterError(f"--dask needs dask and distributed, which are not installed "
                         f"({exc.name}): pip install 'briefgen[dask]'") from exc
