"""The analytics app: how play evolves in every game, read live from Redis.

Run ``streamlit run dashboards/app.py --server.port 8501``. The pages live in
dashboards/views/: Overview, Trends, Heatmaps and Players. Every page reads
Redis through pipeline.readmodel and pipeline.trends (dashboards/data.py), at
REDIS_URL and REDIS_KEY_PREFIX; the live panels rerun every REFRESH_SECONDS.
"""

from pathlib import Path

import streamlit as st

from pipeline.logs import configure_logging

VIEWS = Path(__file__).with_name("views")
PAGES = [
    ("overview.py", "Overview", ":material/monitoring:"),
    ("trends.py", "Trends", ":material/trending_up:"),
    ("heatmaps.py", "Heatmaps", ":material/grid_on:"),
    ("players.py", "Players", ":material/group:"),
]


def main() -> None:
    """Configure the page and run the one the URL names."""
    configure_logging()
    st.set_page_config(page_title="Gaming analytics", layout="wide")
    pages = [
        st.Page(VIEWS / file, title=title, icon=icon, default=i == 0)
        for i, (file, title, icon) in enumerate(PAGES)
    ]
    st.navigation(pages).run()


main()
