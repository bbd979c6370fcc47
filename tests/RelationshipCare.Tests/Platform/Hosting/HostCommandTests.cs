using RelationshipCare.Web.Platform.Hosting;

namespace RelationshipCare.Tests.Platform.Hosting;

public sealed class HostCommandTests
{
    [Fact]
    public void Given_no_arguments_When_parsed_Then_the_host_serves()
    {
        var command = HostCommand.Parse([]);

        Assert.True(command.IsServe);
        Assert.Empty(command.HostArgs);
    }

    [Fact]
    public void Given_seed_demo_When_parsed_Then_it_becomes_the_demo_setting_and_the_host_serves()
    {
        var command = HostCommand.Parse(["--seed-demo", "--Database:Provider=Postgres"]);

        Assert.True(command.IsServe);
        Assert.Equal(["--Database:Provider=Postgres", "--Demo:Enabled=true"], command.HostArgs);
    }

    [Fact]
    public void Given_migrate_When_parsed_Then_it_is_the_command_and_the_rest_configures_the_host()
    {
        var command = HostCommand.Parse([HostCommand.Migrate, "--Database:Provider=Postgres"]);

        Assert.Equal((HostCommand.Migrate, false), (command.Name, command.IsServe));
        Assert.Equal(["--Database:Provider=Postgres"], command.HostArgs);
    }

    [Fact]
    public void Given_create_admin_with_email_and_name_When_parsed_Then_they_are_its_operands()
    {
        var command = HostCommand.Parse([HostCommand.CreateAdmin, "ops@agency.example", "Ops Lead", "--Database:Provider=Postgres"]);

        Assert.Equal(HostCommand.CreateAdmin, command.Name);
        Assert.Equal(["ops@agency.example", "Ops Lead"], command.Operands);
        Assert.Equal(["--Database:Provider=Postgres"], command.HostArgs);
    }

    [Fact]
    public void Given_generated_passwords_When_checked_Then_each_meets_every_sign_in_rule_and_none_repeats()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => HostCommand.GeneratePassword()).ToList();

        Assert.Equal(passwords.Count, passwords.Distinct().Count());
        Assert.All(passwords, password =>
        {
            Assert.Equal(20, password.Length);
            Assert.Contains(password, char.IsLower);
            Assert.Contains(password, char.IsUpper);
            Assert.Contains(password, char.IsDigit);
            Assert.Contains(password, c => !char.IsLetterOrDigit(c));
            Assert.True(password.Distinct().Count() >= 6);
        });
    }
}
