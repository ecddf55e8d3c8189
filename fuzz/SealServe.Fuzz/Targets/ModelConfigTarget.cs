using System.Text;
using SealServe.Models.Config;

namespace SealServe.Fuzz.Targets;

/// <summary>The text-format <c>--model_config_file</c> (and through it the text-format parser every config file uses).</summary>
internal sealed class ModelConfigTarget : IFuzzTarget
{
    public string Name => "model-config";

    public void Run(ReadOnlySpan<byte> input) => ModelServerConfigLoader.Parse(Encoding.UTF8.GetString(input), "fuzz.config");

    public IEnumerable<(string Name, byte[] Bytes)> Seeds() =>
    [
        ("two-models", Encoding.UTF8.GetBytes("""
            model_config_list {
              config { name: "a" base_path: "/models/a" model_platform: "onnx"
                       model_version_policy { latest { num_versions: 2 } }
                       version_labels { key: "stable" value: 1 } version_labels { key: "canary" value: 2 } }
              config { name: 'b' base_path: "/models/b" model_version_policy: { specific { versions: [1, 3] } } }
            }
            """)),
        ("all-versions", Encoding.UTF8.GetBytes("model_config_list: { config: { name: \"c\", base_path: \"/m/c\", model_platform: \"tensorflow\", model_version_policy: { all: {} } } } # comment\n")),
    ];
}
