"""Tests of the Streamlit app: figure builders, pages, screenshots."""
