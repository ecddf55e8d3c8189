using System.Text.RegularExpressions;

namespace SealServe.FunctionalTests.Sealing;

/// <summary>
/// Reads an <c>strace -f -y</c> log of file-system calls: which regular files the traced processes wrote,
/// created, renamed, linked or truncated. Not files on disk: pipes and FIFOs, sockets, <c>/dev</c>, <c>/proc</c>
/// (thread names), and memfds (anonymous memory; the .NET runtime maps its JIT code and diagnostics IPC through them).
/// </summary>
internal static partial class SyscallTrace
{
    /// <summary>The syscalls to trace: everything that can put bytes into a file or make a file appear.</summary>
    public const string Syscalls = "open,openat,openat2,creat,rename,renameat,renameat2,link,linkat,symlink,symlinkat,mknodat,truncate,ftruncate,"
        + "write,pwrite64,writev,pwritev,pwritev2,sendfile,copy_file_range,splice,fallocate";

    /// <summary>Regular files the trace shows being written or created, with the syscall lines that did it.</summary>
    public static IReadOnlyDictionary<string, List<string>> WrittenFiles(IEnumerable<string> lines)
    {
        var files = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            foreach (var path in WrittenPaths(line).Where(IsFileOnDisk))
            {
                (files.TryGetValue(path, out var list) ? list : files[path] = []).Add(line);
            }
        }

        return files;
    }

    /// <summary>Paths one trace line writes to, if it is a successful writing call.</summary>
    public static IEnumerable<string> WrittenPaths(string line)
    {
        var call = CallPattern().Match(line);
        if (!call.Success || line.Contains("= -1 ", StringComparison.Ordinal))
        {
            yield break;
        }

        var name = call.Groups["name"].Value;
        if (name is "open" or "openat" or "openat2" or "creat")
        {
            if (name == "creat" || OpenForWrite().IsMatch(line))
            {
                // The returned descriptor, annotated by -y: "= 12</path>".
                var result = ResultPath().Match(line);
                if (result.Success)
                {
                    yield return result.Groups["path"].Value;
                }
            }

            yield break;
        }

        if (name is "memfd_create" || (name is "mknodat" && !line.Contains("S_IFREG", StringComparison.Ordinal)))
        {
            yield break;
        }

        // Writes name their descriptor first ("write(12</path>, ..."); renames, links and truncate name paths in quotes.
        var descriptor = FirstDescriptorPath().Match(line);
        if (descriptor.Success && name is not ("rename" or "renameat" or "renameat2" or "link" or "linkat" or "symlink" or "symlinkat" or "mknodat" or "truncate"))
        {
            yield return descriptor.Groups["path"].Value;
            yield break;
        }

        foreach (Match quoted in QuotedPath().Matches(line))
        {
            yield return quoted.Groups["path"].Value;
        }
    }

    private static bool IsFileOnDisk(string path) =>
        !(path.StartsWith("pipe:", StringComparison.Ordinal)
          || path.StartsWith("socket:", StringComparison.Ordinal)
          || path.StartsWith("anon_inode:", StringComparison.Ordinal)
          || path.StartsWith("/dev/", StringComparison.Ordinal)
          || path.StartsWith("/proc/", StringComparison.Ordinal)
          || path.StartsWith("/memfd:", StringComparison.Ordinal));

    [GeneratedRegex(@"^\d+\s+(?<name>\w+)\(")]
    private static partial Regex CallPattern();

    [GeneratedRegex(@"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND")]
    private static partial Regex OpenForWrite();

    [GeneratedRegex(@"= \d+<(?<path>[^>]*)>")]
    private static partial Regex ResultPath();

    [GeneratedRegex(@"^\d+\s+\w+\(\d+<(?<path>[^>]*)>")]
    private static partial Regex FirstDescriptorPath();

    [GeneratedRegex("\"(?<path>[^\"]*)\"")]
    private static partial Regex QuotedPath();
}
