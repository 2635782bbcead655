using System.Net;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Serializers;
using Rehearse.Interview.Api.Sessions;
using Rehearse.Interview.Infrastructure;

namespace Rehearse.Interview.Api.Hosting;

/// <summary>The Interview process as an Orleans silo: sessions are grains, the cluster's membership is in PostgreSQL.</summary>
public static class SiloHosting
{
    // The store's connection string (ConnectionStrings:Interview): the membership tables are in its database.
    private const string InterviewDatabaseName = "Interview";

    /// <summary>
    /// Makes this process a silo of the cluster named by <see cref="SiloOptions"/>, clustered through the service's
    /// database. Its membership tables are created by the store's migrations, which run while the silo starts: the
    /// silo waits for them only before it reads the membership (<see cref="MembershipAfterMigrations"/>). Call this
    /// before the store is added, so that the silo's start comes ahead of the migrator's wait for the migrations.
    /// </summary>
    public static WebApplicationBuilder AddInterviewSilo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiloOptions>().Bind(builder.Configuration.GetSection(SiloOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var connectionString = builder.Configuration.GetConnectionString(InterviewDatabaseName);
        builder.UseOrleans(silo =>
        {
            silo.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = "Npgsql";
                clustering.ConnectionString = connectionString;
            });
            silo.Services.AddOptions<ClusterOptions>().Configure<IOptions<SiloOptions>>((cluster, options) =>
            {
                cluster.ClusterId = options.Value.ClusterId;
                cluster.ServiceId = options.Value.ServiceId;
            });
            silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<SiloOptions>>((endpoints, options) =>
            {
                var silo = options.Value;
                endpoints.SiloPort = silo.SiloPort;
                endpoints.GatewayPort = silo.GatewayPort;
                if (silo.AdvertisedAddress.Length > 0)
                {
                    endpoints.AdvertisedIPAddress = IPAddress.Parse(silo.AdvertisedAddress);
                }
                var listen = silo.ListenAddress.Length > 0 ? IPAddress.Parse(silo.ListenAddress) : IPAddress.Any;
                endpoints.SiloListeningEndpoint = new IPEndPoint(listen, silo.SiloPort);
                endpoints.GatewayListeningEndpoint = silo.GatewayPort > 0 ? new IPEndPoint(listen, silo.GatewayPort) : null;
            });
            silo.Services.AddOptions<ClusterMembershipOptions>().Configure<IOptions<SiloOptions>>((membership, options) =>
            {
                membership.ProbeTimeout = options.Value.ProbeTimeout;
                membership.NumMissedProbesLimit = options.Value.MissedProbesLimit;
                // A joining silo pings every silo the table lists as active, and waits until one that does not answer
                // has missed its table heartbeat three times: restarted at another address (a new container's) after
                // a crash, a silo started in 101 s with Orleans' default period of 30 s, in 33 s with this one. The
                // heartbeat is one row update per silo, cheap at this period.
                membership.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            });
            silo.Services.AddOptions<SiloMessagingOptions>().Configure<IOptions<SiloOptions>>((messaging, options) =>
                messaging.ResponseTimeout = options.Value.ResponseTimeout);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MembershipAfterMigrations>();
            silo.AddOutgoingGrainCallFilter<SessionRefusalFilter>();
            // A call's trace continues through the grain call into the session, in whichever silo it runs.
            silo.AddActivityPropagation();
            silo.Services.AddSingleton<IGeneralizedCodec, ProtobufCodec>();
            silo.Services.AddSingleton<IGeneralizedCopier, ProtobufCodec>();
            silo.Services.AddSingleton<ITypeFilter, ProtobufCodec>();
        });
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName));
        return builder;
    }
}

/// <summary>
/// Holds the silo's start just before it reads the membership tables until the migrations that create them are
/// applied: the stages before (networking, the runtime's services) start meanwhile.
/// </summary>
internal sealed class MembershipAfterMigrations(StoreMigrations migrations) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MembershipAfterMigrations), ServiceLifecycleStage.RuntimeGrainServices - 1,
            cancellationToken => migrations.Applied.WaitAsync(cancellationToken));
}
