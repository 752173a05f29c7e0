using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using StreamDiffusion.Broadcast.Presets;
using StreamDiffusion.Core.Filtering;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>A preset as the API shows it.</summary>
public sealed record PresetView(
    string Id, string Name, int? Slot, string Prompt, string NegativePrompt, float GuidanceScale, float Delta,
    IReadOnlyList<int> TIndexList, float? Strength, int Seed, string? GuidanceMode, SimilarityFilterSettings SimilarityFilter,
    PresetTransition Transition)
{
    /// <summary>The view of <paramref name="preset"/>.</summary>
    public static PresetView Of(Preset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return new(preset.Id, preset.Name, preset.Slot, preset.Prompt, preset.NegativePrompt, preset.GuidanceScale, preset.Delta,
            preset.TIndexList, preset.Strength, preset.Seed, preset.GuidanceMode?.ToString().ToLowerInvariant(), preset.SimilarityFilter, preset.Transition);
    }
}

/// <summary>One problem of a preset file, as the API shows it.</summary>
public sealed record PresetProblemView(string File, int Line, string Field, string Message);

/// <summary>An entry of the preset list: the preset in force (if any) and the problems of its file (if rejected).</summary>
public sealed record PresetListEntry(string Id, string Status, PresetView? Preset, IReadOnlyList<PresetProblemView> Problems);

/// <summary>The <c>/api/v1/presets</c> resource: list, read, and write (validated, atomic, then hot-reloaded).</summary>
public static partial class PresetsApi
{
    /// <summary>Maps the preset endpoints on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapPresets(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var presets = api.MapGroup("/presets").WithTags("Presets");
        presets.MapGet("/", List).RequireAuthorization(ApiPolicies.Read);
        presets.MapGet("/{id}", Get).RequireAuthorization(ApiPolicies.Read);
        presets.MapPut("/{id}", Put).RequireAuthorization(ApiPolicies.Control).AddControlPolicies();
        return presets;
    }

    [EndpointSummary("List presets")]
    [EndpointDescription("Every preset file with its `status` (`ok`, `rejected`, `rejected (last good version in force)`), the preset in force and the problems of its file.")]
    private static Ok<PresetListEntry[]> List(PresetStore store)
    {
        var catalog = store.Current;
        var ids = catalog.Presets.Keys.Concat(catalog.Problems.Keys.Select(Path.GetFileNameWithoutExtension).OfType<string>()).Distinct().Order(StringComparer.Ordinal);
        return TypedResults.Ok(ids.Select(id =>
        {
            var problems = catalog.Problems.Where(p => Path.GetFileNameWithoutExtension(p.Key) == id).SelectMany(p => p.Value).Select(View).ToArray();
            catalog.Presets.TryGetValue(id, out var preset);
            var status = problems.Length == 0 ? "ok" : preset is null ? "rejected" : "rejected (last good version in force)";
            return new PresetListEntry(id, status, preset is null ? null : PresetView.Of(preset), problems);
        }).ToArray());
    }

    [EndpointSummary("Read a preset")]
    [EndpointDescription("The preset in force under `id`; 404 lists the known ids.")]
    private static Results<Ok<PresetView>, ProblemHttpResult> Get(string id, PresetStore store) =>
        store.Current.Presets.TryGetValue(id, out var preset)
            ? TypedResults.Ok(PresetView.Of(preset))
            : UnknownPreset(id, store);

    [EndpointSummary("Write a preset")]
    [EndpointDescription("Validates the preset file (docs/presets.md), writes it atomically as presets/`id`.json and returns it in force. 400 for a bad id, 413 over 64 KiB, 422 lists every problem with field and line.")]
    [Consumes(typeof(PresetFileBody), "application/json")]
    private static async Task<Results<Ok<PresetView>, ProblemHttpResult>> Put(string id, HttpRequest request, PresetStore store, CancellationToken cancellationToken)
    {
        if (!PresetId().IsMatch(id))
        {
            return TypedResults.Problem(statusCode: 400, title: "Bad preset id",
                detail: $"\"{id}\" cannot be a preset id; use 1-64 letters, digits, '-' or '_' (it becomes the file name).");
        }

        if (await JsonBody.ReadBoundedAsync(request, JsonBody.MaxBytes, cancellationToken).ConfigureAwait(false) is not { } bytes)
        {
            return TypedResults.Problem(statusCode: 413, title: "Preset too large", detail: $"A preset is at most {JsonBody.MaxBytes / 1024} KiB of JSON.");
        }

        var target = Path.Combine(store.Folder, id + ".json");
        var (preset, problems) = PresetFileReader.Read(target, bytes);
        if (preset is null)
        {
            return TypedResults.Problem(statusCode: 422, title: "Invalid preset",
                detail: string.Join(" ", problems.Select(p => p.Field.Length == 0 ? $"line {p.Line}: {p.Message}" : $"{p.Field} (line {p.Line}): {p.Message}")),
                extensions: new Dictionary<string, object?> { ["problems"] = problems.Select(View).ToArray() });
        }

        // Write beside the target under a name the watcher ignores, then rename over it: readers never see half a file.
        var temp = Path.Combine(store.Folder, $".{id}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temp, target, overwrite: true);
        var catalog = store.Rescan();
        return TypedResults.Ok(PresetView.Of(catalog.Presets[id]));
    }

    private static ProblemHttpResult UnknownPreset(string id, PresetStore store)
    {
        var known = string.Join(", ", store.Current.Presets.Keys);
        return TypedResults.Problem(statusCode: 404, title: "Unknown preset",
            detail: $"No preset \"{id}\" is loaded. Known presets: {(known.Length == 0 ? "none" : known)}.",
            extensions: new Dictionary<string, object?> { ["preset"] = id });
    }

    private static PresetProblemView View(PresetProblem p) => new(Path.GetFileName(p.File), p.Line, p.Field, p.Message);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex PresetId();
}
