"""Tests of the local stack and the test harness."""
