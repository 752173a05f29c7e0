using System.Text.Json;

namespace StreamDiffusion.Ndi.Tests;

/// <summary>The service-owned ndi-config.v1.json and the NDI_CONFIG_DIR decision.</summary>
public sealed class NdiConfigTests : IDisposable
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("sdb-ndi-config-").FullName;
    private readonly Dictionary<string, string> _environment = [];

    public void Dispose() => Directory.Delete(_dataFolder, recursive: true);

    private static readonly NdiNetworkSettings s_settings = new()
    {
        DiscoveryServers = ["ds1.studio", "10.0.0.5:5959"],
        ExtraIps = ["10.0.0.20", "10.0.0.21"],
        SendGroups = ["studio"],
        ReceiveGroups = ["studio", "public"],
    };

    [Fact]
    public void Writes_every_setting_under_the_keys_the_runtime_reads()
    {
        using var json = JsonDocument.Parse(NdiConfigFile.ToJson(s_settings));
        var ndi = json.RootElement.GetProperty("ndi");

        Assert.Equal("ds1.studio,10.0.0.5:5959", ndi.GetProperty("networks").GetProperty("discovery").GetString());
        Assert.Equal("10.0.0.20,10.0.0.21", ndi.GetProperty("networks").GetProperty("ips").GetString());
        Assert.Equal("studio", ndi.GetProperty("groups").GetProperty("send").GetString());
        Assert.Equal("studio,public", ndi.GetProperty("groups").GetProperty("recv").GetString());
    }

    [Fact]
    public void Leaves_out_what_is_not_set()
    {
        using var json = JsonDocument.Parse(NdiConfigFile.ToJson(new NdiNetworkSettings { ExtraIps = ["127.0.0.1"] }));
        var ndi = json.RootElement.GetProperty("ndi");

        Assert.Equal("""{"ips":"127.0.0.1"}""", ndi.GetProperty("networks").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        Assert.False(ndi.TryGetProperty("groups", out _));
    }

    [Fact]
    public void Writes_into_the_data_folder_and_points_NDI_CONFIG_DIR_there()
    {
        var placement = NdiConfigDirectory.Prepare(_dataFolder, s_settings, _environment.GetValueOrDefault, (k, v) => _environment[k] = v);

        Assert.True(placement.Written);
        Assert.Equal(Path.Combine(_dataFolder, "ndi"), placement.Folder);
        Assert.Equal(placement.Folder, _environment["NDI_CONFIG_DIR"]);
        Assert.Equal(NdiConfigFile.ToJson(s_settings), File.ReadAllText(Path.Combine(placement.Folder!, "ndi-config.v1.json")));
    }

    [Fact]
    public void An_NDI_CONFIG_DIR_already_set_is_used_and_nothing_is_written()
    {
        _environment["NDI_CONFIG_DIR"] = "/etc/ndi-operator";

        var placement = NdiConfigDirectory.Prepare(_dataFolder, s_settings, _environment.GetValueOrDefault, (k, v) => _environment[k] = v);

        Assert.False(placement.Written);
        Assert.Equal("/etc/ndi-operator", placement.Folder);
        Assert.Equal("/etc/ndi-operator", _environment["NDI_CONFIG_DIR"]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dataFolder));
        Assert.Contains("/etc/ndi-operator", placement.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void No_settings_leave_the_machine_configuration_alone()
    {
        var placement = NdiConfigDirectory.Prepare(_dataFolder, new NdiNetworkSettings(), _environment.GetValueOrDefault, (k, v) => _environment[k] = v);

        Assert.False(placement.Written);
        Assert.Null(placement.Folder);
        Assert.Empty(_environment);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dataFolder));
    }

    [Theory]
    [InlineData("ds1:99999", "99999")]
    [InlineData("ds1:port", "port")]
    public void A_bad_discovery_port_is_named_with_the_limit(string server, string port)
    {
        var error = Assert.Throws<ArgumentException>(() => NdiConfigFile.ToJson(new NdiNetworkSettings { DiscoveryServers = [server] }));

        Assert.Contains(server, error.Message, StringComparison.Ordinal);
        Assert.Contains(port, error.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_with_a_space_is_refused_with_the_fix()
    {
        var error = Assert.Throws<ArgumentException>(() => NdiConfigFile.ToJson(new NdiNetworkSettings { SendGroups = ["studio a"] }));

        Assert.Contains("'studio a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("one name or address per entry", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comma_lists_split_as_operators_type_them()
    {
        Assert.Equal(["a", "b", "c"], NdiNetworkSettings.SplitList(" a, b,,c "));
        Assert.Empty(NdiNetworkSettings.SplitList("  "));
    }
}
