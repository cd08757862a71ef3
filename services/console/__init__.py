"""The web console (工作台): pages for the township desks, over the four services' HTTP APIs."""
