using System.Diagnostics;
using SealServe.Cli.Commands.Serve;
using SealServe.Sealing;
using SealServe.TestKit;
using YamlDotNet.RepresentationModel;

namespace SealServe.FunctionalTests.Deployment;

/// <summary>
/// The plain Kubernetes manifests, the Helm chart as <c>helm template</c> renders it, and the KServe runtime: each has
/// what a cluster needs (probes on the health endpoints, the key Secret as a file, requests, HPA, PDB, Service), the
/// pieces point at each other, and the server takes their flags.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Deploy = Path.Combine(RepositoryRoot.Path, "deploy");
    private static readonly string Chart = Path.Combine(Deploy, "helm", "sealserve");

    [Fact]
    public void PlainManifests_ServeSealedModelsFromAVolume() =>
        CheckServing(Documents(File.ReadAllText(Path.Combine(Deploy, "kubernetes", "sealserve.yaml"))), "/models/half_plus_two");

    [Fact]
    public void HelmChart_Defaults_RenderTheSameDeployment() =>
        CheckServing(Documents(Helm("template", "sealserve", Chart)), "/models/half_plus_two");

    [Fact]
    public void HelmChart_Lint_Passes() =>
        Assert.Contains("0 chart(s) failed", Helm("lint", Chart), StringComparison.Ordinal);

    [Fact]
    public void HelmChart_S3_ServesFromTheBucketWithCredentialsFromASecret()
    {
        var documents = Documents(Helm(
            "template", "prod", Chart,
            "--set", "models.s3.enabled=true", "--set", "models.s3.basePath=s3://bucket/models/half_plus_two",
            "--set", "models.s3.endpoint=http://minio:9000", "--set", "models.s3.credentialsSecret=s3-keys"));

        var pod = CheckServing(documents, "s3://bucket/models/half_plus_two");
        var container = (YamlMappingNode)pod.Get("containers").Items()[0];
        Assert.Equal("http://minio:9000", EnvironmentOf(container)["AWS_ENDPOINT_URL"]);
        Assert.Equal("s3-keys", container.Get("envFrom").Items()[0].Get("secretRef").Text("name"));
        Assert.DoesNotContain(pod.Get("volumes").Items(), v => v.Text("name") == "models");
    }

    [Fact]
    public void KServe_RuntimeDeclaresFormatsAndProtocolsAndTakesKServesArguments()
    {
        var runtime = Assert.Single(Documents(File.ReadAllText(Path.Combine(Deploy, "kserve", "cluster-serving-runtime.yaml"))));
        Assert.Equal("ClusterServingRuntime", runtime.Text("kind"));
        var formats = runtime.Get("spec").Get("supportedModelFormats").Items().Select(f => (f.Text("name"), f.Text("version"))).ToArray();
        Assert.Subset(formats.ToHashSet(), new HashSet<(string, string)> { ("tensorflow", "1"), ("tensorflow", "2"), ("onnx", "1") });
        Assert.Subset(runtime.Get("spec").Get("protocolVersions").Items().Select(p => ((YamlScalarNode)p).Value!).ToHashSet(), new HashSet<string> { "v1", "v2", "grpc-v1", "grpc-v2" });

        var container = (YamlMappingNode)runtime.Get("spec").Get("containers").Items()[0];
        var args = container.Get("args").Items().Select(a => ((YamlScalarNode)a).Value!.Replace("{{.Name}}", "half-plus-two", StringComparison.Ordinal)).ToArray();
        var settings = Serve(args);
        Assert.Equal("half-plus-two", settings.Models.Models[0].Name);
        Assert.Equal("/mnt/models", settings.Models.Models[0].BasePath);
        Assert.Equal(8080, settings.Server.RestApiPort);
        CheckKeyIsASecretFile(settings, container, runtime.Get("spec"));

        var service = Assert.Single(Documents(File.ReadAllText(Path.Combine(Deploy, "kserve", "inference-service.yaml"))));
        var model = service.Get("spec").Get("predictor").Get("model");
        Assert.Equal(runtime.Get("metadata").Text("name"), model.Text("runtime"));
        Assert.Contains(model.Get("modelFormat").Text("name"), formats.Select(f => f.Item1));
    }

    /// <summary>Checks the Deployment, Service, HPA and PDB among <paramref name="documents"/>; returns the pod spec.</summary>
    private static YamlMappingNode CheckServing(IReadOnlyList<YamlMappingNode> documents, string basePath)
    {
        var deployment = Single(documents, "Deployment");
        var template = deployment.Get("spec").Get("template");
        var labels = Labels(template.Get("metadata").Get("labels"));
        Assert.Subset(labels, Labels(deployment.Get("spec").Get("selector").Get("matchLabels")));
        var pod = (YamlMappingNode)template.Get("spec");
        Assert.Equal("true", pod.Get("securityContext").Text("runAsNonRoot"));

        var container = (YamlMappingNode)Assert.Single(pod.Get("containers").Items());
        var settings = Serve(container.Get("args").Items().Select(a => ((YamlScalarNode)a).Value!).ToArray());
        Assert.Equal("half_plus_two", settings.Models.Models[0].Name);
        Assert.Equal(basePath, settings.Models.Models[0].BasePath);
        Assert.True(settings.Sealing.RequireSealedModels);
        CheckKeyIsASecretFile(settings, container, pod);

        var ports = container.Get("ports").Items().ToDictionary(p => p.Text("name"), p => p.Text("containerPort"));
        Assert.Equal("8500", ports["grpc"]);
        Assert.Equal("8501", ports["http"]);
        foreach (var (probe, path) in new[] { ("startupProbe", "/v1/health/live"), ("livenessProbe", "/v1/health/live"), ("readinessProbe", "/v1/health/ready") })
        {
            var get = container.Get(probe).Get("httpGet");
            Assert.Equal(path, get.Text("path"));
            Assert.Equal("8501", ports.GetValueOrDefault(get.Text("port"), get.Text("port")));
        }

        Assert.NotEmpty(container.Get("resources").Get("requests").Text("cpu"));
        Assert.NotEmpty(container.Get("resources").Get("requests").Text("memory"));

        var service = Single(documents, "Service");
        Assert.Subset(labels, Labels(service.Get("spec").Get("selector")));
        var servicePorts = service.Get("spec").Get("ports").Items().ToDictionary(p => p.Text("port"), p => p.Text("targetPort"));
        Assert.Equal("grpc", servicePorts["8500"]);
        Assert.Equal("http", servicePorts["8501"]);

        var autoscaler = Single(documents, "HorizontalPodAutoscaler");
        Assert.Equal("autoscaling/v2", autoscaler.Text("apiVersion"));
        Assert.Equal(("Deployment", deployment.Get("metadata").Text("name")), (autoscaler.Get("spec").Get("scaleTargetRef").Text("kind"), autoscaler.Get("spec").Get("scaleTargetRef").Text("name")));
        Assert.Equal("cpu", Assert.Single(autoscaler.Get("spec").Get("metrics").Items()).Get("resource").Text("name"));
        Assert.True(int.Parse(autoscaler.Get("spec").Text("minReplicas")) >= 2, "one replica left during a node drain would take the service down");

        var budget = Single(documents, "PodDisruptionBudget");
        Assert.Subset(labels, Labels(budget.Get("spec").Get("selector").Get("matchLabels")));
        Assert.True(int.Parse(budget.Get("spec").Text("minAvailable")) >= 1);
        return pod;
    }

    /// <summary>The server's key file is in a mounted Secret volume (tmpfs), read-only.</summary>
    private static void CheckKeyIsASecretFile(ServeSettings settings, YamlMappingNode container, YamlNode pod)
    {
        var key = Assert.Single(settings.Sealing.Keys);
        Assert.Equal(KeySource.File(key.Reference), key);
        var mount = Assert.Single(container.Get("volumeMounts").Items(), m => key.Reference.StartsWith(m.Text("mountPath") + "/", StringComparison.Ordinal));
        Assert.Equal("true", mount.Text("readOnly"));
        var volume = Assert.Single(pod.Get("volumes").Items(), v => v.Text("name") == mount.Text("name"));
        Assert.NotEmpty(volume.Get("secret").Text("secretName"));
    }

    private static ServeSettings Serve(string[] args)
    {
        var command = new ServeCommand(TextWriter.Null);
        return ServeCommand.Parse(command.Parse(command.SpellBooleans(args)), _ => null);
    }

    private static YamlMappingNode Single(IReadOnlyList<YamlMappingNode> documents, string kind) =>
        Assert.Single(documents, d => d.Text("kind") == kind);

    private static HashSet<KeyValuePair<string, string>> Labels(YamlNode labels) =>
        ((YamlMappingNode)labels).Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ((YamlScalarNode)c.Value).Value!)).ToHashSet();

    private static Dictionary<string, string> EnvironmentOf(YamlMappingNode container) =>
        container.Get("env").Items().ToDictionary(e => e.Text("name"), e => e.Text("value"));

    private static IReadOnlyList<YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    private static string Helm(params string[] arguments)
    {
        using var helm = Process.Start(new ProcessStartInfo(NodeTools.Helm, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = helm.StandardOutput.ReadToEndAsync();
        var errors = helm.StandardError.ReadToEnd();
        helm.WaitForExit();
        Assert.True(helm.ExitCode == 0, $"helm {string.Join(' ', arguments)} failed: {errors}");
        return output.Result;
    }
}

/// <summary>Reading manifests: a missing key fails the test naming it.</summary>
internal static class YamlNodes
{
    public static YamlNode Get(this YamlNode node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? value
            : throw new Xunit.Sdk.XunitException($"no '{key}' in {node.Start}: {node}");

    public static IList<YamlNode> Items(this YamlNode node) => ((YamlSequenceNode)node).Children;

    public static string Text(this YamlNode node, string key) => ((YamlScalarNode)node.Get(key)).Value ?? string.Empty;
}
