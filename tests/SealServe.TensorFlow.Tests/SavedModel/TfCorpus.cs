using SealServe.TestKit;

namespace SealServe.TensorFlow.Tests.SavedModel;

/// <summary>Paths of the corpus SavedModels the importer tests read.</summary>
internal static class TfCorpus
{
    public static string HalfPlusTwo => Corpus.Require("tfserving/saved_model_half_plus_two_cpu/00000123");

    public static string HalfPlusTwoTf2 => Corpus.Require("tfserving/saved_model_half_plus_two_tf2_cpu/00000123");

    public static string Counter => Corpus.Require("tfserving/saved_model_counter/00000123");

    public static string Tf(string model, string version = "1") => Corpus.Require($"tf/{model}/{version}");

    /// <summary>Every version folder with a complete checkpoint (index and data), relative to the corpus root.</summary>
    public static TheoryData<string> SavedModelsWithVariables()
    {
        var data = new TheoryData<string>();
        if (!Directory.Exists(Corpus.Root))
        {
            data.Add("tfserving/saved_model_half_plus_two_cpu/00000123");
            return data;
        }

        foreach (var index in Directory.EnumerateFiles(Corpus.Root, "variables.index", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var version = Path.GetDirectoryName(Path.GetDirectoryName(index))!;
            if (!version.Contains("GRAPHONLY", StringComparison.Ordinal))
            {
                data.Add(Path.GetRelativePath(Corpus.Root, version).Replace('\\', '/'));
            }
        }

        return data;
    }
}
