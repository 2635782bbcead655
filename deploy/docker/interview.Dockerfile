# The Interview service image, with the web client built in. Build from the repository root:
#   docker build -f deploy/docker/interview.Dockerfile -t rehearse/interview .
#
# Build arguments:
#   NODE_IMAGE     the Node.js image that builds the web client (default: the public node:20 image)
#   SDK_IMAGE      the .NET SDK image that publishes the service (default: Microsoft's public image)
#   RUNTIME_IMAGE  the image the service runs on (default: Microsoft's public ASP.NET Core image)
#   APP_SOURCE     build (default; Podman 4.3 needs it given explicitly): build the web client and publish the
#                  service here; published: take a `dotnet publish` output with the built page in wwwroot/ that is
#                  already in the build context at artifacts/containers/interview/app (scripts/containers makes it,
#                  self-contained)

ARG NODE_IMAGE=node:20-bookworm-slim
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0
ARG APP_SOURCE=build

FROM ${NODE_IMAGE} AS web
WORKDIR /src
COPY protos/ protos/
COPY clients/web/ clients/web/
RUN cd clients/web && npm install --no-audit --no-fund && npm run build

FROM ${SDK_IMAGE} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY protos/ protos/
COPY services/ services/
RUN dotnet publish services/Interview/Rehearse.Interview.Api -c Release -o /app
COPY --from=web /src/clients/web/dist /app/wwwroot

FROM scratch AS published
COPY artifacts/containers/interview/app /app

# Only the stage APP_SOURCE names is built.
FROM ${APP_SOURCE} AS app

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=app /app .
ENV Web__RootPath=/app/wwwroot \
    Endpoints__BindAddress=0.0.0.0 \
    Endpoints__HttpPort=8080 \
    Endpoints__GrpcPort=8081
# 11111: the Orleans silo port, for the other Interview silos of the cluster only (never published).
EXPOSE 8080 8081 11111
USER app
# The application host runs a framework-dependent publish on the image's runtime, and a self-contained one alone.
ENTRYPOINT ["./Rehearse.Interview.Api"]
