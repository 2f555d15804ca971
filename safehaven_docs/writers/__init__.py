"""Writers that draw laid-out pages (PDF, PNG); they consume plain boxes and decide nothing."""
