using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace StreamDiffusion.Broadcast.Presets;

/// <summary>
/// Watches the preset folder and keeps <see cref="Current"/> in step with it. File events are only hints: after a
/// quiet period the whole folder is rescanned and compared by content hash, so editors that write twice, save through
/// a temporary file and rename, or lose watcher events (a periodic rescan is the safety net) are all handled. A file
/// that fails validation is reported with file, line and field, and the last good version of it stays in force.
/// </summary>
public sealed partial class PresetStore : IDisposable
{
    private readonly string _folder;
    private readonly TimeSpan _debounce;
    private readonly ILogger _logger;
    private readonly Lock _scanLock = new();
    private readonly Dictionary<string, byte[]> _hashes = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
    private Timer? _debounceTimer;
    private Timer? _safetyTimer;
    private PresetCatalog _current = PresetCatalog.Empty;

    /// <summary>Creates a store over <paramref name="folder"/>; nothing is read until <see cref="Start"/> or <see cref="Rescan"/>.</summary>
    public PresetStore(string folder, ILogger<PresetStore> logger, TimeSpan? debounce = null)
    {
        _folder = Path.GetFullPath(folder);
        _logger = logger;
        _debounce = debounce ?? TimeSpan.FromMilliseconds(400);
    }

    /// <summary>The folder watched.</summary>
    public string Folder => _folder;

    /// <summary>The snapshot in force. Reading it is one volatile load; it never changes under the reader.</summary>
    public PresetCatalog Current => Volatile.Read(ref _current);

    /// <summary>Raised after a rescan changed the snapshot (on a timer thread; keep handlers short).</summary>
    public event Action<PresetCatalog>? Changed;

    /// <summary>Reads the folder once and starts watching it, with a full rescan every <paramref name="safetyInterval"/>.</summary>
    public void Start(TimeSpan? safetyInterval = null)
    {
        Directory.CreateDirectory(_folder);
        Rescan();
        _debounceTimer = new Timer(_ => RescanQuietly(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(_folder, "*.json")
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        _watcher.Changed += OnHint;
        _watcher.Created += OnHint;
        _watcher.Deleted += OnHint;
        _watcher.Renamed += OnHint;
        _watcher.Error += (_, e) =>
        {
            LogWatcherError(_logger, _folder, e.GetException());
            OnHint(this, EventArgs.Empty);
        };
        _watcher.EnableRaisingEvents = true;
        var period = safetyInterval ?? TimeSpan.FromSeconds(30);
        _safetyTimer = new Timer(_ => RescanQuietly(), null, period, period);
    }

    /// <summary>Reads every preset file now and swaps in a new snapshot if anything changed; returns the snapshot in force.</summary>
    public PresetCatalog Rescan()
    {
        lock (_scanLock)
        {
            var before = Current;
            var presets = before.Presets.ToBuilder();
            var problems = before.Problems.ToBuilder();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var changed = false;

            foreach (var path in Directory.EnumerateFiles(_folder, "*.json").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                if (name.StartsWith('.') || name.StartsWith('~'))
                {
                    continue; // editor lock and backup files
                }

                seen.Add(path);
                var bytes = ReadShared(path);
                if (bytes is null)
                {
                    continue; // still being written; the next event or the safety rescan picks it up
                }

                var hash = SHA256.HashData(bytes);
                if (_hashes.TryGetValue(path, out var known) && known.AsSpan().SequenceEqual(hash))
                {
                    continue;
                }

                _hashes[path] = hash;
                changed = true;
                var (preset, fileProblems) = PresetFileReader.Read(path, bytes);
                if (preset is not null)
                {
                    presets[preset.Id] = preset;
                    problems.Remove(path);
                    LogLoaded(_logger, preset.Id, path);
                }
                else
                {
                    problems[path] = [.. fileProblems];
                    var kept = presets.ContainsKey(Path.GetFileNameWithoutExtension(path)) ? "the previous version stays in force" : "the preset is not available";
                    foreach (var problem in fileProblems)
                    {
                        LogRejected(_logger, problem.ToString(), kept);
                    }
                }
            }

            foreach (var path in _hashes.Keys.Where(p => !seen.Contains(p)).ToArray())
            {
                _hashes.Remove(path);
                presets.Remove(Path.GetFileNameWithoutExtension(path));
                problems.Remove(path);
                changed = true;
                LogRemoved(_logger, path);
            }

            if (!changed)
            {
                return before;
            }

            var next = new PresetCatalog(presets.ToImmutable(), problems.ToImmutable(), before.Generation + 1);
            Volatile.Write(ref _current, next);
            Changed?.Invoke(next);
            return next;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher?.Dispose();
        _debounceTimer?.Dispose();
        _safetyTimer?.Dispose();
    }

    private void OnHint(object sender, EventArgs e) => _debounceTimer?.Change(_debounce, Timeout.InfiniteTimeSpan);

    private void RescanQuietly()
    {
        try
        {
            Rescan();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder itself went away or became unreadable: keep the presets in force and say so.
            LogScanFailed(_logger, _folder, e.Message);
        }
    }

    private static byte[]? ReadShared(string path)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                return memory.ToArray();
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (IOException)
            {
                Thread.Sleep(50); // a writer still holds the file
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Preset {PresetId} loaded from {Path}")]
    private static partial void LogLoaded(ILogger logger, string presetId, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preset file rejected: {Problem}; {Kept}")]
    private static partial void LogRejected(ILogger logger, string problem, string kept);

    [LoggerMessage(Level = LogLevel.Information, Message = "Preset file removed: {Path}")]
    private static partial void LogRemoved(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preset folder {Folder} could not be scanned ({Reason}); the presets in force are kept")]
    private static partial void LogScanFailed(ILogger logger, string folder, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching the preset folder {Folder} missed events; rescanning")]
    private static partial void LogWatcherError(ILogger logger, string folder, Exception exception);
}
