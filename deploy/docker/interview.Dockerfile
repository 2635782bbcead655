# The Interview service image, with the web client built in. Build from the repository root:
#   docker build -f deploy/docker/interview.Dockerfile -t rehearse/interview .

FROM node:20-bookworm-slim AS web
WORKDIR /src
COPY protos/ protos/
COPY clients/web/ clients/web/
RUN cd clients/web && npm install --no-audit --no-fund && npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY protos/ protos/
COPY services/ services/
RUN dotnet publish services/Interview/Rehearse.Interview.Api -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY --from=web /src/clients/web/dist /app/wwwroot
ENV Web__RootPath=/app/wwwroot \
    Endpoints__BindAddress=0.0.0.0 \
    Endpoints__HttpPort=8080 \
    Endpoints__GrpcPort=8081
EXPOSE 8080 8081
USER app
ENTRYPOINT ["dotnet", "Rehearse.Interview.Api.dll"]
