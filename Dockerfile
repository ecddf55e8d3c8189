# SealServe's container image: TF Serving's layout (models at /models/<name>, MODEL_NAME / MODEL_BASE_PATH, ports
# 8500 gRPC and 8501 REST) on a small Debian base, run as a non-root user.
#
#   dotnet publish src/SealServe.Cli -c Release -r linux-x64 --self-contained -o artifacts/publish/linux-x64
#   docker build -t sealserve .                       # linux-arm64: --build-arg RID=linux-arm64 --platform linux/arm64
#   docker run -p 8501:8501 -v "$PWD/models/half_plus_two:/models/half_plus_two" -e MODEL_NAME=half_plus_two sealserve
#
# Without Docker or registry access: deploy/container/build-image.sh builds the same file with buildah on a Debian
# root file system made by debootstrap.
FROM debian:bookworm-slim

# The self-contained application needs OpenSSL (TLS, S3 over HTTPS) and CA certificates; ICU is not used
# (invariant globalization).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl3 ca-certificates \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 sealserve \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin sealserve \
 && mkdir -p /models

ARG RID=linux-x64
COPY artifacts/publish/${RID}/ /opt/sealserve/
RUN ln -s /opt/sealserve/sealserve /usr/local/bin/sealserve

# As TF Serving's image: without --model_base_path or --model_config_file, serve serves $MODEL_BASE_PATH/$MODEL_NAME.
# Crash dumps and the diagnostics port stay off (a serving process holds keys); set here, serve needs no re-exec.
ENV MODEL_BASE_PATH=/models \
    MODEL_NAME=model \
    DOTNET_EnableDiagnostics=0

USER 10001:10001
EXPOSE 8500 8501
ENTRYPOINT ["sealserve", "serve"]
