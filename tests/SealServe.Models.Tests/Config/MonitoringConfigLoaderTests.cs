using SealServe.Core.Errors;
using SealServe.Models.Config;
using SealServe.TestKit;

namespace SealServe.Models.Tests.Config;

public sealed class MonitoringConfigLoaderTests
{
    [Fact]
    public void Load_CorpusMonitoringConfig_EnabledWithPath()
    {
        var options = MonitoringConfigLoader.Load(Corpus.Require("tfserving/monitoring_config.txt"));

        Assert.True(options.PrometheusEnabled);
        Assert.Equal("/monitoring/prometheus/metrics", options.PrometheusPath);
    }

    [Fact]
    public void Parse_EmptyPath_TfServingDefault()
    {
        var options = MonitoringConfigLoader.Parse("prometheus_config { enable: true }");

        Assert.True(options.PrometheusEnabled);
        Assert.Equal(MonitoringOptions.DefaultPrometheusPath, options.PrometheusPath);
    }

    [Fact]
    public void Parse_OwnPath_Kept()
    {
        Assert.Equal("/metrics", MonitoringConfigLoader.Parse("prometheus_config { enable: true path: \"/metrics\" }").PrometheusPath);
    }

    [Theory]
    [InlineData("")]
    [InlineData("prometheus_config { }")]
    [InlineData("prometheus_config { enable: false path: \"/m\" }")]
    public void Parse_NotEnabled_Disabled(string text)
    {
        Assert.False(MonitoringConfigLoader.Parse(text).PrometheusEnabled);
    }

    [Fact]
    public void Parse_PathWithoutSlash_Error()
    {
        var error = Assert.Throws<ServingException>(() => MonitoringConfigLoader.Parse("prometheus_config { enable: true path: \"metrics\" }"));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("prometheus_config.path must start with '/'; got metrics", error.Message);
    }

    [Fact]
    public void Parse_UnknownField_SyntaxError()
    {
        var error = Assert.Throws<ServingException>(() => MonitoringConfigLoader.Parse("prometheus_config { enabled: true }"));

        Assert.Equal(
            "Error parsing text-format tensorflow.serving.MonitoringConfig: 1:28: Message type \"tensorflow.serving.PrometheusConfig\" has no field named \"enabled\".",
            error.Message);
    }
}
