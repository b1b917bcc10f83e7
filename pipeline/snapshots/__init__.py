"""Snapshots of the live state in Redis, and the loader that reads them.

``python -m pipeline.snapshots`` takes, lists, exports and prunes them (and
``run`` takes one every SNAPSHOT_INTERVAL_SECONDS, as the local stack does).
The modules, in the order data moves through them:

- ``capture``: read the state and the offsets it reflects at one instant;
- ``format``: the versioned document, its encoding and its upgrades;
- ``archive``: save, find, fetch and prune snapshots in Redis;
- ``frames`` and ``loader``: pandas DataFrames for notebooks (needs pandas);
- ``analysis``: small computations the notebooks share;
- ``export``: Parquet or CSV files of one snapshot.

The format and the loader's frames are described in notebooks/README.md.
"""
