# karpgen in a small image: built on Debian slim, run as a non-root user with the
# runtime libraries only.
#   docker build -t karpgen .
#   docker run --rm -v "$PWD:/work:ro" karpgen validate /work/k8s/karpenter
FROM debian:bookworm-slim AS build
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	build-essential pkg-config libyaml-dev libcyaml-dev libjansson-dev libpcre2-dev \
	&& rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make clean && make -j"$(nproc)" karpgen && strip karpgen

FROM debian:bookworm-slim
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	libyaml-0-2 libcyaml1 libjansson4 libpcre2-8-0 \
	&& rm -rf /var/lib/apt/lists/* \
	&& useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin karpgen
COPY --from=build /src/karpgen /usr/local/bin/karpgen
COPY --from=build /src/LICENSE /src/NOTICE /usr/share/doc/karpgen/
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/karpgen"]
CMD ["--help"]
