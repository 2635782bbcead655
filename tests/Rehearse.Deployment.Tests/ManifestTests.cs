using System.Globalization;
using System.Text.RegularExpressions;
using Rehearse.Testing;

namespace Rehearse.Deployment.Tests;

/// <summary>
/// The Compose and Kubernetes manifests parse, terminate TLS in front of the web page, and give the Speech
/// service's key to both services from the same secret; Compose gives each image build the contexts its Dockerfile
/// copies from (the Speech image's models), and scripts/containers runs the containers with Compose's settings.
/// </summary>
public sealed class ManifestTests
{
    [Fact]
    public void Every_manifest_parses_and_kustomize_lists_every_kubernetes_file()
    {
        var kubernetes = Directory.GetFiles(Path.Combine(Manifests.Directory, "kubernetes"), "*.yaml")
            .Select(Path.GetFileName).Order().ToList();

        var resources = Manifests.Load("kubernetes/kustomization.yaml").Single()["resources"].Items.Select(r => r.Text);

        Assert.Equal(kubernetes.Where(f => f != "kustomization.yaml"), resources.Order());
        Assert.All(kubernetes, file => Assert.NotEmpty(Manifests.Load($"kubernetes/{file}")));
        Assert.Single(Manifests.Load("compose.yaml"));
    }

    [Fact]
    public void The_kubernetes_ingress_terminates_tls_for_its_host_and_redirects_plain_http()
    {
        var ingress = Manifests.Kubernetes("Ingress", "interview");

        var tls = Assert.Single(ingress["spec"]["tls"].Items);
        Assert.False(string.IsNullOrWhiteSpace(tls["secretName"].Text));
        var hosts = tls["hosts"].Items.Select(h => h.Text).ToList();
        Assert.All(ingress["spec"]["rules"].Items, rule => Assert.Contains(rule["host"].Text, hosts));
        Assert.Equal("true", ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/force-ssl-redirect"].Text);
    }

    [Fact]
    public void In_kubernetes_the_speech_key_comes_from_one_secret_on_both_sides()
    {
        var asked = SecretOf(Manifests.Kubernetes("Deployment", "speech"), "Speech__Access__ApiKeys__0");
        var presented = SecretOf(Manifests.Kubernetes("Deployment", "interview"), "Speech__ApiKey");

        Assert.Equal(asked, presented);
    }

    [Fact]
    public void In_compose_the_page_is_served_over_tls_with_a_mounted_certificate_and_the_speech_key_is_shared()
    {
        var compose = Manifests.Load("compose.yaml").Single();
        var interview = compose["services"]["interview"];
        var environment = interview["environment"];
        var mounted = interview["secrets"].Items.Select(s => s.Text).ToList();

        foreach (var setting in new[] { "Endpoints__Tls__CertificatePath", "Endpoints__Tls__KeyPath" })
        {
            var path = environment[setting].Text;
            Assert.StartsWith("/run/secrets/", path, StringComparison.Ordinal);
            var secret = path["/run/secrets/".Length..];
            Assert.Contains(secret, mounted);
            Assert.True(compose["secrets"][secret].Has("file"), $"the secret {secret} is not a file");
        }
        Assert.Equal(
            KeyVariable(compose["services"]["speech"]["environment"]["Speech__Access__ApiKeys__0"].Text),
            KeyVariable(environment["Speech__ApiKey"].Text));
    }

    [Fact]
    public void In_compose_each_build_context_a_dockerfile_copies_from_is_given()
    {
        var services = Manifests.Load("compose.yaml").Single()["services"];

        foreach (var name in new[] { "speech", "interview" })
        {
            var build = services[name]["build"];
            var dockerfile = File.ReadAllLines(Path.Combine(Manifests.Directory, "..", build["dockerfile"].Text));
            var stages = dockerfile.Select(line => Regex.Match(line, @"^FROM \S+ AS (\S+)$", RegexOptions.IgnoreCase))
                .Where(m => m.Success).Select(m => m.Groups[1].Value);
            var copiedFrom = dockerfile.Select(line => Regex.Match(line, @"^COPY --from=(\S+) "))
                .Where(m => m.Success).Select(m => m.Groups[1].Value);
            var contexts = build.Has("additional_contexts") ? build["additional_contexts"].Keys : [];

            Assert.Equal(copiedFrom.Except(stages).Order(), contexts.Order());
        }
        Assert.Equal("${REHEARSE_MODELS_DIR:-${HOME}/.cache/rehearse/models}",
            services["speech"]["build"]["additional_contexts"]["models"].Text);
    }

    [Fact]
    public void Scripts_containers_gives_each_container_the_settings_compose_gives_it()
    {
        var services = Manifests.Load("compose.yaml").Single()["services"];
        var script = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "scripts", "containers"));

        foreach (var name in new[] { "speech", "interview" })
        {
            Assert.All(services[name]["environment"].Keys, setting => Assert.Contains($"--env {setting}=", script));
        }
    }

    [Fact]
    public void In_compose_the_interview_silos_share_one_cluster_on_the_compose_network_only()
    {
        var services = Manifests.Load("compose.yaml").Single()["services"];
        var first = services["interview"];
        var second = services["interview-2"];

        Assert.Equal(["two-silos"], second["profiles"].Items.Select(p => p.Text));
        foreach (var setting in new[] { "Orleans__ClusterId", "Orleans__SiloPort", "ConnectionStrings__Interview" })
        {
            Assert.Equal(first["environment"][setting].Text, second["environment"][setting].Text);
        }
        // Each silo advertises its own container's address: none is fixed for both.
        Assert.False(first["environment"].Has("Orleans__AdvertisedAddress"), "a fixed advertised address would be shared by both silos");
        var siloPort = first["environment"]["Orleans__SiloPort"].Text;
        var published = new[] { first, second }.SelectMany(s => s["ports"].Items).Select(p => p.Text).ToList();
        Assert.DoesNotContain(published, p => p.EndsWith($":{siloPort}", StringComparison.Ordinal));
        Assert.Equal(published.Count, published.Select(p => p.Split(':')[^2]).Distinct().Count());
    }

    [Fact]
    public void In_kubernetes_the_code_runner_is_reachable_only_from_the_interview_pods_and_runs_unprivileged()
    {
        var policy = Manifests.Kubernetes("NetworkPolicy", "coderunner");
        Assert.Equal("coderunner", policy["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"].Text);
        var from = Assert.Single(Assert.Single(policy["spec"]["ingress"].Items)["from"].Items);
        Assert.Equal("interview", from["podSelector"]["matchLabels"]["app.kubernetes.io/name"].Text);
        Assert.Contains("Egress", policy["spec"]["policyTypes"].Items.Select(t => t.Text));
        Assert.Empty(policy["spec"]["egress"].Items);

        var deployment = Manifests.Kubernetes("Deployment", "coderunner");
        var container = Assert.Single(deployment["spec"]["template"]["spec"]["containers"].Items);
        var security = container["securityContext"];
        Assert.Equal("true", security["runAsNonRoot"].Text);
        Assert.Equal("false", security["allowPrivilegeEscalation"].Text);
        Assert.Equal(["ALL"], security["capabilities"]["drop"].Items.Select(c => c.Text));
        Assert.Equal("false", deployment["spec"]["template"]["spec"]["hostUsers"].Text);
        // No Ingress routes to it.
        var backends = Manifests.Kubernetes("Ingress", "interview")["spec"]["rules"].Items
            .SelectMany(rule => rule["http"]["paths"].Items)
            .Select(p => p["backend"]["service"]["name"].Text);
        Assert.DoesNotContain("coderunner", backends);
    }

    [Fact]
    public void The_interview_service_reaches_the_code_runner_on_its_service_port_in_compose_and_kubernetes()
    {
        var services = Manifests.Load("compose.yaml").Single()["services"];
        Assert.Equal("http://coderunner:50061", services["interview"]["environment"]["CodeRunner__Address"].Text);
        Assert.Equal("deploy/docker/coderunner.Dockerfile", services["coderunner"]["build"]["dockerfile"].Text);
        // The runner is reached only over the Compose network.
        Assert.False(services["coderunner"].Has("ports"), "the code runner publishes a port");

        var container = Assert.Single(Manifests.Kubernetes("Deployment", "interview")["spec"]["template"]["spec"]["containers"].Items);
        var address = Assert.Single(container["env"].Items, e => e["name"].Text == "CodeRunner__Address")["value"].Text;
        var runner = Manifests.Kubernetes("Service", "coderunner");
        var port = Assert.Single(runner["spec"]["ports"].Items)["port"].Text;
        Assert.Equal($"http://coderunner.rehearse.svc.cluster.local:{port}", address);
    }

    [Fact]
    public void In_kubernetes_the_interview_service_balances_over_the_ready_speech_pods_of_a_headless_service()
    {
        var service = Manifests.Kubernetes("Service", "speech");
        Assert.Equal("None", service["spec"]["clusterIP"].Text);
        Assert.False(service["spec"].Has("publishNotReadyAddresses"), "only ready pods may be resolved");
        var port = Assert.Single(service["spec"]["ports"].Items)["port"].Text;
        Assert.True(Manifests.Kubernetes("Deployment", "speech")["spec"]["template"]["spec"]["containers"].Items.Single().Has("readinessProbe"));

        var address = EnvOf(Manifests.Kubernetes("Deployment", "interview"), "Speech__Address");
        var ns = Manifests.Load("kubernetes/kustomization.yaml").Single()["namespace"].Text;
        Assert.Equal($"dns:///speech.{ns}.svc.cluster.local:{port}", address);
    }

    [Fact]
    public void In_kubernetes_the_metrics_ports_are_declared_for_the_scraper_and_no_service_routes_to_them()
    {
        foreach (var name in new[] { "speech", "interview" })
        {
            var deployment = Manifests.Kubernetes("Deployment", name);
            var metricsPort = EnvOf(deployment, "Endpoints__MetricsPort");
            var container = Assert.Single(deployment["spec"]["template"]["spec"]["containers"].Items);
            Assert.Equal(metricsPort, Assert.Single(container["ports"].Items, p => p["name"].Text == "metrics")["containerPort"].Text);
            Assert.Equal(metricsPort, deployment["spec"]["template"]["metadata"]["annotations"]["prometheus.io/port"].Text);
            var routed = Manifests.Kubernetes("Service", name)["spec"]["ports"].Items.SelectMany(p => new[] { p["port"].Text, p["targetPort"].Text });
            Assert.DoesNotContain(metricsPort, routed);
            Assert.DoesNotContain("metrics", routed);
        }
    }

    [Fact]
    public void In_kubernetes_the_interview_pods_are_silos_of_one_cluster_with_no_session_affinity_and_a_disruption_budget()
    {
        var deployment = Manifests.Kubernetes("Deployment", "interview");
        var pod = deployment["spec"]["template"]["spec"];
        var container = Assert.Single(pod["containers"].Items);
        var siloPort = EnvOf(deployment, "Orleans__SiloPort");
        Assert.Equal(siloPort, Assert.Single(container["ports"].Items, p => p["name"].Text == "silo")["containerPort"].Text);
        Assert.False(string.IsNullOrWhiteSpace(EnvOf(deployment, "Orleans__ClusterId")));
        var advertised = Assert.Single(container["env"].Items, e => e["name"].Text == "Orleans__AdvertisedAddress");
        Assert.Equal("status.podIP", advertised["valueFrom"]["fieldRef"]["fieldPath"].Text);
        Assert.True(int.Parse(deployment["spec"]["replicas"].Text, CultureInfo.InvariantCulture) > 1, "More than one silo.");
        // Time for the host's 30 s shutdown, in which the silo leaves the cluster and saves its sessions.
        Assert.True(int.Parse(pod["terminationGracePeriodSeconds"].Text, CultureInfo.InvariantCulture) > 30);

        var budget = Manifests.Kubernetes("PodDisruptionBudget", "interview");
        Assert.Equal("interview", budget["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"].Text);
        Assert.Equal("1", budget["spec"]["maxUnavailable"].Text);

        // Any pod serves any session: neither the Service nor the Ingress pins a client to a pod.
        var service = Manifests.Kubernetes("Service", "interview");
        Assert.True(!service["spec"].Has("sessionAffinity") || service["spec"]["sessionAffinity"].Text == "None");
        Assert.DoesNotContain(service["spec"]["ports"].Items, p => p["targetPort"].Text == "silo");
        var annotations = Manifests.Kubernetes("Ingress", "interview")["metadata"]["annotations"].Keys;
        Assert.DoesNotContain(annotations, a => a.Contains("affinity", StringComparison.Ordinal) || a.Contains("session-cookie", StringComparison.Ordinal));

        // The silo port is open to the other Interview pods only.
        var policy = Manifests.Kubernetes("NetworkPolicy", "interview");
        var siloRule = Assert.Single(policy["spec"]["ingress"].Items, rule => rule["ports"].Items.Any(p => p["port"].Text == "silo"));
        Assert.Equal("interview", Assert.Single(siloRule["from"].Items)["podSelector"]["matchLabels"]["app.kubernetes.io/name"].Text);
        Assert.All(policy["spec"]["ingress"].Items.Where(rule => !rule.Has("from")), rule => Assert.DoesNotContain(rule["ports"].Items, p => p["port"].Text == "silo"));
    }

    private static string EnvOf(Node deployment, string variable)
    {
        var container = Assert.Single(deployment["spec"]["template"]["spec"]["containers"].Items);
        return Assert.Single(container["env"].Items, e => e["name"].Text == variable)["value"].Text;
    }

    private static (string Secret, string Key) SecretOf(Node deployment, string variable)
    {
        var container = Assert.Single(deployment["spec"]["template"]["spec"]["containers"].Items);
        var reference = Assert.Single(container["env"].Items, e => e["name"].Text == variable)["valueFrom"]["secretKeyRef"];
        return (reference["name"].Text, reference["key"].Text);
    }

    // "${REHEARSE_SPEECH_KEY:?message}" -> REHEARSE_SPEECH_KEY: a required variable, never a default in the file.
    private static string KeyVariable(string value)
    {
        Assert.Matches(@"^\$\{[A-Z_]+:\?", value);
        return value[2..value.IndexOf(':', StringComparison.Ordinal)];
    }
}
