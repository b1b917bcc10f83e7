"""The Streamlit analytics app: trends, heatmaps and players, read from Redis."""
