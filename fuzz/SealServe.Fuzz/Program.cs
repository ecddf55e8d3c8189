using SealServe.Fuzz.Targets;

// sealserve-fuzz: fuzz/README.md. Under afl-fuzz: `SealServe.Fuzz <target>`; to replay inputs without AFL:
// `SealServe.Fuzz <target> <file or folder>...`; to write the seed corpus: `SealServe.Fuzz seed <folder>`.
if (args is ["seed", var folder])
{
    foreach (var target in FuzzTargets.All)
    {
        var directory = Directory.CreateDirectory(Path.Combine(folder, target.Name));
        foreach (var (name, bytes) in target.Seeds())
        {
            File.WriteAllBytes(Path.Combine(directory.FullName, name), bytes);
        }
    }

    return 0;
}

if (args.Length == 0 || FuzzTargets.Find(args[0]) is not { } chosen)
{
    Console.Error.WriteLine($"usage: SealServe.Fuzz <target> [inputs...] | seed <folder>; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
    return 2;
}

if (args.Length == 1)
{
    // AFL's persistent mode: one process runs many inputs; an exception other than the documented error is a crash.
    SharpFuzz.Fuzzer.Run(stream =>
    {
        using var input = new MemoryStream();
        stream.CopyTo(input);
        FuzzTargets.RunExpectingServingErrors(chosen, input.GetBuffer().AsSpan(0, (int)input.Length));
    });
    return 0;
}

var files = args.Skip(1).SelectMany(path => Directory.Exists(path) ? Directory.EnumerateFiles(path).Order(StringComparer.Ordinal) : (IEnumerable<string>)[path]).ToArray();
foreach (var file in files)
{
    FuzzTargets.RunExpectingServingErrors(chosen, File.ReadAllBytes(file));
}

Console.WriteLine($"{chosen.Name}: {files.Length} input(s) replayed without a finding");
return 0;
