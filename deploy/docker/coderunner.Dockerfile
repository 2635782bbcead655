# The code runner image. Build from the repository root:
#   docker build -f deploy/docker/coderunner.Dockerfile -t rehearse/coderunner .
# Candidates' programs run with the image's Debian/Ubuntu python3 and nodejs inside bubblewrap; the container
# needs a runtime that allows user namespaces and mounting /proc (see deploy/kubernetes/coderunner.yaml and
# docs/coding.md#isolation).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY protos/ protos/
COPY services/ services/
RUN dotnet publish services/CodeRunner/Rehearse.CodeRunner.Api -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends python3 nodejs bubblewrap util-linux \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV Endpoints__BindAddress=0.0.0.0 \
    Endpoints__GrpcPort=50061
EXPOSE 50061
USER app
ENTRYPOINT ["dotnet", "Rehearse.CodeRunner.Api.dll"]
