"""Importers: public game-API match files turned into the product's events.

One module per format (``valorant``, ``lol``, ``halo``), each a pure function
from a parsed document to a ``MatchReplay``; ``detect`` tells the formats
apart, ``files`` reads and pairs the files, ``timing`` stamps the events.
The rules every format shares are in ``common``; each module's docstring
states its own. ``python -m pipeline.replay`` sends the result to Kafka.
"""
