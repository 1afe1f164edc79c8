using Cpupolicy.Core.Bundle;
using System.Text;
using Cpupolicy.Hooks;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Tests.Hooks;

/// <summary>The small pure parts of the hooks: settings precedence, profile choice, xe's record format, log-line hygiene.</summary>
public sealed class HookPartsTests
{
    [Fact]
    public void Settings_come_from_the_environment_then_the_bundle_then_the_defaults()
    {
        var bundle = BundleReader.Parse(Encoding.UTF8.GetBytes(HookPolicy.Bundle(mode: "advise", onError: "refuse")), "b.json");
        var none = HookConfig.Resolve(_ => null, null);
        Assert.Equal((HookMode.Enforce, OnErrorAction.Allow, BundleReader.DefaultPath), (none.Mode, none.OnError, none.BundlePath));
        var fromBundle = HookConfig.Resolve(_ => null, bundle);
        Assert.Equal((HookMode.Advise, OnErrorAction.Refuse), (fromBundle.Mode, fromBundle.OnError));
        var env = new Dictionary<string, string> { [HookConfig.ModeVariable] = " Enforce ", [HookConfig.OnErrorVariable] = "fail-open", [HookConfig.BundleVariable] = "/x.json" };
        var fromEnv = HookConfig.Resolve(env.GetValueOrDefault, bundle);
        Assert.Equal((HookMode.Enforce, OnErrorAction.Allow, "/x.json"), (fromEnv.Mode, fromEnv.OnError, fromEnv.BundlePath));
        Assert.Null(fromEnv.Problem);
    }

    [Fact]
    public void An_unreadable_on_error_value_is_a_problem_and_falls_back_to_the_bundles()
    {
        var bundle = BundleReader.Parse(Encoding.UTF8.GetBytes(HookPolicy.Bundle(onError: "refuse")), "b.json");
        var config = HookConfig.Resolve(name => name == HookConfig.OnErrorVariable ? "sometimes" : null, bundle);
        Assert.Equal(OnErrorAction.Refuse, config.OnError);
        Assert.Equal(DiagnosticCatalog.HookSettingInvalid.Code, config.Problem!.Code);
    }

    [Fact]
    public void The_first_matching_glob_wins_and_an_explicit_profile_wins_over_globs()
    {
        var json = HookPolicy.BundleJson();
        json["vms"]!.AsArray().Insert(0, new System.Text.Json.Nodes.JsonObject { ["glob"] = "db-0?", ["profile"] = "safe" });
        var bundle = BundleReader.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), "b.json");
        Assert.Equal("safe", ProfileResolver.Resolve(bundle, "db-01", null, "x").Profile.Name);
        Assert.Equal("small", ProfileResolver.Resolve(bundle, "db-011", null, "x").Profile.Name);
        Assert.Equal(("small", "--profile"), ProfileResolver.Resolve(bundle, "web-1", "small", "--profile") is var m ? (m.Profile.Name, m.Reason) : default);
        var unknown = Assert.Throws<DiagnosticException>(() => ProfileResolver.Resolve(bundle, "mail", null, "x"));
        Assert.Equal(DiagnosticCatalog.VmUnknown.Code, unknown.Diagnostic.Code);
    }

    [Fact]
    public void Xe_vm_list_records_parse_whatever_the_padding_access_tags_and_separators()
    {
        const string output = """
            uuid ( RO)           : 6d7d2ff0-4d3c-11ee-be56-0242ac120002
                 name-label ( RW): web-01, the "first"
                power-state ( RO): halted


            uuid ( RO)          : 7e8e3001-4d3c-11ee-be56-0242ac120002
                name-label ( RW): 
                 other (MRW): a: b; c: d

            """;
        var vms = XeVmList.Parse(output.Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Equal(
            [new XapiVm("6d7d2ff0-4d3c-11ee-be56-0242ac120002", "web-01, the \"first\""), new XapiVm("7e8e3001-4d3c-11ee-be56-0242ac120002", string.Empty)],
            vms);
        Assert.Throws<DiagnosticException>(() => XeVmList.Parse("Error: Connection refused\n"));
    }

    [Fact]
    public void Shell_lines_quote_only_what_a_shell_would_misread()
    {
        Assert.Equal("xe vm-param-set uuid=a-b platform:featureset=00ff-1", XapiApply.ShellLine("xe", ["vm-param-set", "uuid=a-b", "platform:featureset=00ff-1"]));
        Assert.Equal("xe 'name-label=it'\\''s mine' ''", XapiApply.ShellLine("xe", ["name-label=it's mine", string.Empty]));
    }

    [Fact]
    public void Log_values_lose_control_characters_and_length()
    {
        Assert.Equal("a?b?c", HookText.Clean("a\nb\u001bc"));
        Assert.Equal(11, HookText.Clean(new string('x', 50), 10).Length);
        Assert.Equal("a, b and 2 more", HookText.List(["a", "b", "c", "d"], 2));
    }

    [Fact]
    public void A_bundle_is_read_strictly()
    {
        Assert.Equal(["safe", "small"], BundleReader.Parse(Encoding.UTF8.GetBytes(HookPolicy.Bundle()), "b.json").Profiles.Keys.Order(StringComparer.Ordinal));
        foreach (var broken in new[] { "[]", "{\"format\":\"cpupolicy-bundle\",\"version\":1}", "{\"format\":\"cpupolicy-bundle\",\"version\":1,\"profiles\":[{\"name\":1}],\"vms\":[]}" })
        {
            var e = Assert.Throws<DiagnosticException>(() => BundleReader.Parse(Encoding.UTF8.GetBytes(broken), "b.json"));
            Assert.Equal(DiagnosticCatalog.BundleCorrupt.Code, e.Diagnostic.Code);
        }
    }
}
