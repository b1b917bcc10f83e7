"""The local stack without Docker: Kafka and Redis as plain processes.

``python -m stack up`` runs everything for development, ``python -m stack test``
runs the tests against services of their own; see the README's operations
section for the other commands.
"""
