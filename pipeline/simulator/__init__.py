"""Simulated matches of Apex Legends, Valorant and Halo, as schema-v1 events.

``simulate(seed, matches, games)`` is the pure API (no Kafka): a seed fixes
every id, player and outcome; only ``event_time`` follows the wall clock.
``python -m pipeline.simulator`` sends the events to Kafka at a steady rate.
"""

from pipeline.simulator.runner import GAMES, play_match, simulate

__all__ = ["GAMES", "play_match", "simulate"]
