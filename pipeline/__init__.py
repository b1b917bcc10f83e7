"""Game events from Kafka into live Redis statistics."""
