using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>What an API key may do.</summary>
public enum ApiScope
{
    /// <summary>Read status, presets, thumbnails, events.</summary>
    Read,

    /// <summary>Everything read can, plus switching presets, live parameters, bypass, hold and writing presets.</summary>
    Control,
}

/// <summary>One configured key: its name (for the audit log), scope and SHA-256 hash.</summary>
/// <param name="Name">Who holds the key, as the audit log shows it.</param>
/// <param name="Scope">What it may do.</param>
/// <param name="Hash">SHA-256 of the key's UTF-8 text.</param>
public sealed record ApiKey(string Name, ApiScope Scope, byte[] Hash);

/// <summary>
/// The API keys of <c>api-keys.json</c> in the configuration folder (<c>{"schemaVersion":1,"keys":[{"name","scope",
/// "sha256"}]}</c>). Only hashes are stored; a presented key is hashed and compared in constant time with each.
/// </summary>
public sealed class ApiKeyStore
{
    /// <summary>File name inside the configuration folder.</summary>
    public const string FileName = "api-keys.json";

    private readonly ApiKey[] _keys;

    /// <summary>Creates a store over <paramref name="keys"/>.</summary>
    public ApiKeyStore(IEnumerable<ApiKey> keys) => _keys = [.. keys];

    /// <summary>True when at least one key is configured (otherwise only loopback callers are served).</summary>
    public bool HasKeys => _keys.Length > 0;

    /// <summary>The number of configured keys.</summary>
    public int Count => _keys.Length;

    /// <summary>The key matching <paramref name="presented"/>, or null.</summary>
    public ApiKey? Find(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        ApiKey? match = null;
        foreach (var key in _keys)
        {
            // Compare with every key, so the time taken does not reveal which one matched.
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                match = key;
            }
        }

        return match;
    }

    /// <summary>The hex SHA-256 of a key, as stored in the file.</summary>
    public static string HashHex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A new random key (256 bits, URL-safe base64), for installers and tests.</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Reads <paramref name="path"/>; a missing file means no keys. Problems name the file and the entry.</summary>
    public static (ApiKeyStore? Store, IReadOnlyList<string> Problems) Load(string path)
    {
        if (!File.Exists(path))
        {
            return (new ApiKeyStore([]), []);
        }

        var problems = new List<string>();
        var keys = new List<ApiKey>();
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 1)
            {
                problems.Add($"{path}: expected {{ \"schemaVersion\": 1, \"keys\": [ … ] }} (docs/api.md).");
                return (null, problems);
            }

            if (!root.TryGetProperty("keys", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"{path}: \"keys\" must be an array of {{ \"name\", \"scope\", \"sha256\" }}.");
                return (null, problems);
            }

            var index = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                var at = $"{path}: keys[{index++}]";
                var name = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
                var scopeText = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("scope", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
                var hashText = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("sha256", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString()! : "";
                if (name.Length == 0)
                {
                    problems.Add($"{at}.name: missing; name who holds the key, e.g. \"companion\".");
                }

                if (!Enum.TryParse<ApiScope>(scopeText, ignoreCase: true, out var scope) || int.TryParse(scopeText, out _))
                {
                    problems.Add($"{at}.scope: \"{scopeText}\" is not \"read\" or \"control\".");
                }

                byte[]? hash = null;
                try
                {
                    hash = Convert.FromHexString(hashText);
                }
                catch (FormatException)
                {
                }

                if (hash is not { Length: SHA256.HashSizeInBytes })
                {
                    problems.Add($"{at}.sha256: not 64 hex digits; store the SHA-256 of the key, never the key (sdbroadcast check shows how).");
                    hash = null;
                }

                if (name.Length > 0 && hash is not null && problems.Count == 0)
                {
                    keys.Add(new ApiKey(name, scope, hash));
                }
            }
        }
        catch (JsonException e)
        {
            problems.Add($"{path}:{(e.LineNumber ?? 0) + 1}: not valid JSON; fix the syntax at that line.");
        }
        catch (IOException e)
        {
            problems.Add($"{path}: cannot be read ({e.Message}).");
        }

        return problems.Count > 0 ? (null, problems) : (new ApiKeyStore(keys), problems);
    }
}
