namespace PortalRelease.Portal.Components.Model;

public enum WizardStep
{
    Template,
    Parameters,
    Preview,
}
