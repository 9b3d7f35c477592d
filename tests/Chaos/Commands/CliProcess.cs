using System.Diagnostics;
using System.Globalization;
using System.Text;
using Convergence.Chaos.Tests.Support;

namespace Convergence.Chaos.Tests.Commands;

/// <summary>
/// The <c>convergence</c> command as a separate OS process (<c>dotnet convergence.dll …</c>), for what an in-process run
/// cannot show: signals, a SIGKILLed harness, its children's process groups. Every process is found and stopped by PID.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();
    private readonly HashSet<int> _seenChildren = [];

    private CliProcess(Process process)
    {
        _process = process;
        Id = process.Id;
    }

    /// <summary>The CLI's PID (also its process group's id when started with <c>ownGroup</c>).</summary>
    public int Id { get; }

    public string Stdout
    {
        get { lock (_lock) return _stdout.ToString(); }
    }

    public string Stderr
    {
        get { lock (_lock) return _stderr.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <c>dotnet convergence.dll ARGS</c> from this test's output folder. With <paramref name="ownGroup"/> it runs
    /// through <c>setsid</c>, as a shell's foreground job has its own process group, so a signal can go to the whole group
    /// as a terminal's Ctrl+C does.
    /// </summary>
    public static CliProcess Start(bool ownGroup, params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "convergence.dll");
        var startInfo = new ProcessStartInfo(ownGroup ? "setsid" : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        if (ownGroup) startInfo.ArgumentList.Add("dotnet");
        startInfo.ArgumentList.Add(cli);
        foreach (var arg in args) startInfo.ArgumentList.Add(arg);
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start the CLI");
        var cliProcess = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cliProcess.Append(cliProcess._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => cliProcess.Append(cliProcess._stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cliProcess;
    }

    /// <summary>Waits until stdout holds <paramref name="text"/> (failing with the output so far after <paramref name="timeout"/>).</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) =>
        Eventually.TrueAsync(() => Task.FromResult(Stdout.Contains(text, StringComparison.Ordinal) || HasExited), timeout, $"the CLI prints '{text}'")
            .ContinueWith(t =>
            {
                t.GetAwaiter().GetResult();
                if (!Stdout.Contains(text, StringComparison.Ordinal)) throw new InvalidOperationException($"the CLI exited before printing '{text}':\n{this}");
            }, TaskScheduler.Default);

    /// <summary>The CLI's direct children now, from <c>/proc/PID/task/*/children</c> (remembered, so <see cref="Dispose"/> can stop them).</summary>
    public IReadOnlyList<int> Children()
    {
        var children = new List<int>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{Id}/task"))
        {
            try
            {
                children.AddRange(File.ReadAllText(Path.Combine(task, "children"))
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)));
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }
        lock (_lock) _seenChildren.UnionWith(children);
        return children.Distinct().Order().ToArray();
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. <c>HUP</c>) to the CLI's PID, or to its whole process group.</summary>
    public void Signal(string signal, bool toGroup = false)
    {
        var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", signal, "--", toGroup ? $"-{Id}" : $"{Id}" } })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -s {signal} {(toGroup ? "-" : "")}{Id} failed");
    }

    /// <summary>SIGKILL of the CLI alone (its children are left to their tether).</summary>
    public void KillHarness() => _process.Kill(entireProcessTree: false);

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            _process.WaitForExit(); // Drains the redirected output.
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The process group of <paramref name="pid"/> (field 5 of /proc/PID/stat).</summary>
    public static int ProcessGroupOf(int pid) => int.Parse(StatFields(pid)[2], CultureInfo.InvariantCulture);

    /// <summary>True while <paramref name="pid"/> exists and is not a zombie waiting to be reaped.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            return StatFields(pid)[0] != "Z";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="pid"/> runs the harness's replica wrapper (tools/replica/tethered-server.js).</summary>
    public static bool IsReplicaServer(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("tethered-server.js", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Kills by PID whatever the test started and is still running: the CLI, and every child it was seen with.</summary>
    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        int[] children;
        lock (_lock) children = _seenChildren.ToArray();
        // Only our replica servers: a PID seen earlier may since belong to someone else's process.
        foreach (var child in children.Where(IsRunning).Where(IsReplicaServer))
        {
            try
            {
                using var process = Process.GetProcessById(child);
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
        _process.Dispose();
    }

    public override string ToString() => $"pid {Id}, exit {(HasExited ? ExitCode.ToString(CultureInfo.InvariantCulture) : "-")}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";

    /// <summary>The fields of /proc/PID/stat after the command name: state, ppid, pgrp, …</summary>
    private static string[] StatFields(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null) return;
        lock (_lock) buffer.AppendLine(line);
    }
}
