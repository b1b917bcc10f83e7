# syntax=docker/dockerfile:1
# Images of the Python services, one target per kind (see docker-compose.yml):
#
#   app         engine, API, simulator, topics, snapshot writer   pip install .
#   dashboards  the Streamlit app                                 .[dashboards]
#   notebooks   JupyterLab over notebooks/                        .[notebooks]
#
# Build context: the repository root. No secret is baked in: every setting
# comes from the environment at run time (pipeline/settings.py).

ARG PYTHON_IMAGE=python:3.11.14-slim

FROM ${PYTHON_IMAGE} AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PATH=/opt/venv/bin:$PATH
# A fixed uid, so files the services write have the same owner on every build.
RUN useradd --create-home --uid 10001 --user-group app
WORKDIR /app

# What pip needs to build the package. stack/ (the Docker-free local stack)
# stays out: the images run the apps, compose runs Kafka and Redis.
FROM base AS source
# A current pip: a venv's own comes from ensurepip and may be old, and pip
# 23.2 backtracks for minutes through old releases of limits.
RUN python -m venv /opt/venv && pip install --no-cache-dir --upgrade "pip>=25"
COPY pyproject.toml README.md /src/
COPY pipeline/ /src/pipeline/
COPY api/ /src/api/
COPY dashboards/ /src/dashboards/

# One venv per target, each with the extras it needs; the cache mount keeps
# downloaded wheels between builds, so a code change does not fetch them again.
FROM source AS venv-app
RUN --mount=type=cache,target=/root/.cache/pip pip install /src

FROM source AS venv-dashboards
RUN --mount=type=cache,target=/root/.cache/pip pip install "/src[dashboards]"

FROM source AS venv-notebooks
RUN --mount=type=cache,target=/root/.cache/pip pip install "/src[notebooks]"

FROM base AS app
COPY --from=venv-app /opt/venv /opt/venv
# gunicorn takes its settings by path: gunicorn -c api/gunicorn.conf.py ...
COPY api/gunicorn.conf.py api/gunicorn.conf.py
USER app
CMD ["python", "-m", "pipeline.engine"]

FROM base AS dashboards
COPY --from=venv-dashboards /opt/venv /opt/venv
# streamlit runs the script by path, and reads .streamlit/ from the cwd.
COPY dashboards/ dashboards/
COPY .streamlit/ .streamlit/
USER app
EXPOSE 8501
CMD ["streamlit", "run", "dashboards/app.py", "--server.port", "8501"]

FROM base AS notebooks
COPY --from=venv-notebooks /opt/venv /opt/venv
# Owned by app, so JupyterLab can save the notebooks it runs.
COPY --chown=app:app notebooks/ notebooks/
USER app
EXPOSE 8888
CMD ["jupyter", "lab", "--ip", "0.0.0.0", "--port", "8888", "--no-browser"]
