# Tenure as a container for the nightly build: Debian slim, Python, the package with its pinned dependencies.
# No Chromium and no test extras: the build needs neither (charts are drawn by the browser that opens the
# site). Build and run:
#   docker build -t tenure .
#   docker run --rm -v /data/extract:/extract:ro -v /srv/site-root:/out tenure build --raw /extract --out /out/site
# The work folder is /work inside the container (a volume there keeps dbt's artifacts between runs).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    XDG_CACHE_HOME=/work

WORKDIR /src
COPY pyproject.toml README.md build.py dbt_project.yml profiles.yml mkdocs.yml ./
COPY reports ./reports
COPY models ./models
COPY macros ./macros
COPY seeds ./seeds
COPY site_templates ./site_templates
COPY tests/dbt ./tests/dbt
RUN pip install /src && rm -rf /src

# An unprivileged user; the build writes only /work and the --out folder it is given.
RUN useradd --create-home --uid 10001 tenure && mkdir -p /work && chown tenure /work
USER tenure
WORKDIR /work
ENTRYPOINT ["tenure"]
CMD ["--help"]
