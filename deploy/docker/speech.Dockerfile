# The Speech service image. Build from the repository root:
#   docker build -f deploy/docker/speech.Dockerfile -t rehearse/speech .
#
# Build arguments:
#   SDK_IMAGE      the .NET SDK image that publishes the service (default: Microsoft's public image)
#   RUNTIME_IMAGE  the image the service runs on (default: Microsoft's public ASP.NET Core image)
#   APP_SOURCE     build (default; Podman 4.3 needs it given explicitly): publish in SDK_IMAGE; published: take a
#                  `dotnet publish` output that is already in the build context at artifacts/containers/speech/app
#                  (scripts/containers publishes it self-contained and runs it on a Debian base image of its own)
#
# The models are copied in from the building machine, where scripts/lib/models.sh fetched and checksum-verified
# them: give their directory as the build context named models (Compose does, from REHEARSE_MODELS_DIR):
#   docker build --build-context models="$HOME/.cache/rehearse/models" -f deploy/docker/speech.Dockerfile ...
# Nothing is downloaded while the image builds or when the container runs. The service listens on 0.0.0.0, so it
# starts only with a key to ask callers for (Speech__Access__ApiKeys__0) or mutual TLS configured: see
# docs/security.md.

ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0
ARG APP_SOURCE=build

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY protos/ protos/
COPY services/ services/
RUN dotnet publish services/Speech/Rehearse.Speech.Api -c Release -o /app

FROM scratch AS published
COPY artifacts/containers/speech/app /app

# Only the stage APP_SOURCE names is built.
FROM ${APP_SOURCE} AS app

FROM ${RUNTIME_IMAGE}
# espeak-ng (GPL-3.0) runs as a separate helper process for phonemisation; it is not linked into the service.
# A base image that already has it (scripts/containers' Debian base) needs no package index.
RUN command -v espeak-ng >/dev/null || { apt-get update && apt-get install -y --no-install-recommends espeak-ng \
    && rm -rf /var/lib/apt/lists/*; }
WORKDIR /app
COPY --from=app /app .
COPY --from=models . /models
ENV Speech__ModelsDirectory=/models \
    Endpoints__BindAddress=0.0.0.0 \
    Endpoints__GrpcPort=50051
EXPOSE 50051
USER app
# The application host runs a framework-dependent publish on the image's runtime, and a self-contained one alone.
ENTRYPOINT ["./Rehearse.Speech.Api"]
