"""Upstream autogalaxy 2026.10.26.1's public dark-matter surface, as facts (names, signatures,
defaults), transcribed from an introspection of the released package. Data only: no code of
upstream's. Used by test_upstream_api.py."""

CLASSES = {'KaplinghatCoredNFWMCRLudlowSph': {'attributes': ['central_density',
                                                   'centre',
                                                   'ell_comps',
                                                   'interaction_radius',
                                                   'isothermal_radius',
                                                   'kappa_s',
                                                   'mass_at_200',
                                                   'redshift_object',
                                                   'redshift_source',
                                                   'scale_radius',
                                                   'sigma_over_m',
                                                   't_age'],
                                    'ctor': 'centre=(0.0, 0.0), mass_at_200=1000000000.0, '
                                            'sigma_over_m=1.0, t_age=10.0, redshift_object=0.5, '
                                            'redshift_source=1.0',
                                    'inherited': ['angle',
                                                  'angle_radians',
                                                  'angle_to_profile_grid_from',
                                                  'average_convergence_of_1_radius',
                                                  'axis_ratio',
                                                  'deflections_2d_via_potential_2d_from',
                                                  'density_between_circular_annuli',
                                                  'eccentric_radii_grid_from',
                                                  'elliptical_radii_grid_from',
                                                  'ellipticity_rescale',
                                                  'extract_attribute',
                                                  'has',
                                                  'mass_angular_within_circle_from',
                                                  'mass_integral',
                                                  'potential_func',
                                                  'radial_grid_from',
                                                  'rotated_grid_from_reference_frame_from',
                                                  'transformed_from_reference_frame_grid_from',
                                                  'transformed_to_reference_frame_grid_from',
                                                  'vmapped_deflections_from'],
                                    'methods': {'convergence_2d_from': 'grid, xp=np, **kwargs',
                                                'convergence_func': 'grid_radius, xp=np',
                                                'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                                'density_3d_func': 'r, xp=np',
                                                'potential_2d_from': 'grid, xp=np, **kwargs',
                                                'radial_deflection_from': 'r, params, xp',
                                                'radial_deflection_from_radius': 'radius'},
                                    'module': 'autogalaxy.profiles.mass.dark.kaplinghat_mcr',
                                    'name': 'KaplinghatCoredNFWMCRLudlowSph'},
 'KaplinghatCoredNFWSph': {'attributes': ['central_density',
                                          'centre',
                                          'ell_comps',
                                          'interaction_radius',
                                          'isothermal_radius',
                                          'kappa_s',
                                          'scale_radius',
                                          'sigma_over_m',
                                          't_age'],
                           'ctor': 'centre=(0.0, 0.0), kappa_s=0.05, scale_radius=1.0, '
                                   'sigma_over_m=1.0, t_age=10.0, interaction_radius=None',
                           'inherited': ['angle',
                                         'angle_radians',
                                         'angle_to_profile_grid_from',
                                         'average_convergence_of_1_radius',
                                         'axis_ratio',
                                         'deflections_2d_via_potential_2d_from',
                                         'density_between_circular_annuli',
                                         'eccentric_radii_grid_from',
                                         'elliptical_radii_grid_from',
                                         'ellipticity_rescale',
                                         'extract_attribute',
                                         'has',
                                         'mass_angular_within_circle_from',
                                         'mass_integral',
                                         'potential_func',
                                         'radial_grid_from',
                                         'rotated_grid_from_reference_frame_from',
                                         'transformed_from_reference_frame_grid_from',
                                         'transformed_to_reference_frame_grid_from',
                                         'vmapped_deflections_from'],
                           'methods': {'convergence_2d_from': 'grid, xp=np, **kwargs',
                                       'convergence_func': 'grid_radius, xp=np',
                                       'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                       'density_3d_func': 'r, xp=np',
                                       'potential_2d_from': 'grid, xp=np, **kwargs',
                                       'radial_deflection_from': 'r, params, xp',
                                       'radial_deflection_from_radius': 'radius'},
                           'module': 'autogalaxy.profiles.mass.dark.kaplinghat',
                           'name': 'KaplinghatCoredNFWSph'},
 'NFW': {'attributes': ['centre', 'ell_comps', 'inner_slope', 'kappa_s', 'scale_radius'],
         'ctor': 'centre=(0.0, 0.0), ell_comps=(0.0, 0.0), kappa_s=0.05, scale_radius=1.0',
         'inherited': ['angle',
                       'angle_radians',
                       'angle_to_profile_grid_from',
                       'average_convergence_of_1_radius',
                       'axis_ratio',
                       'convergence_cse_1d_from',
                       'deflections_2d_via_potential_2d_from',
                       'deflections_via_cse_from',
                       'density_between_circular_annuli',
                       'eccentric_radii_grid_from',
                       'elliptical_radii_grid_from',
                       'extract_attribute',
                       'has',
                       'mass_angular_within_circle_from',
                       'mass_integral',
                       'potential_func',
                       'radial_deflection_from',
                       'radial_grid_from',
                       'rotated_grid_from_reference_frame_from',
                       'transformed_from_reference_frame_grid_from',
                       'transformed_to_reference_frame_grid_from',
                       'vmapped_deflections_from'],
         'methods': {'concentration': 'redshift_profile, redshift_source, '
                                      "redshift_of_cosmic_average_density='profile', "
                                      'cosmology=None, xp=np',
                     'concentration_func': 'concentration, delta_concentration, xp=np',
                     'convergence_2d_from': 'grid, xp=np, **kwargs',
                     'convergence_2d_via_cse_from': 'grid, xp=np, **kwargs',
                     'convergence_func': 'grid_radius, xp=np',
                     'coord_func_f': 'grid_radius, xp=np',
                     'coord_func_g': 'grid_radius, xp=np',
                     'coord_func_h': 'grid_radius, xp=np',
                     'decompose_convergence_via_cse': 'grid_radii, total_cses=30, '
                                                      'sample_points=60, xp=np',
                     'deflections_2d_via_analytic_from': 'grid, xp=np, **kwargs',
                     'deflections_2d_via_cse_from': 'grid, xp=np, **kwargs',
                     'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                     'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                     'delta_concentration': 'redshift_object, redshift_source, '
                                            "redshift_of_cosmic_average_density='profile', "
                                            'cosmology=None',
                     'density_3d_func': 'r, xp=np',
                     'ellipticity_rescale': 'property',
                     'mass_at_200_solar_masses': 'redshift_object, redshift_source, '
                                                 "redshift_of_cosmic_average_density='profile', "
                                                 'cosmology=None, xp=np',
                     'potential_2d_from': 'grid, xp=np, **kwargs',
                     'radius_at_200': 'redshift_object, redshift_source, '
                                      "redshift_of_cosmic_average_density='profile', "
                                      'cosmology=None, xp=np',
                     'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                'redshift_source, cosmology=None',
                     'shear_yx_2d_from': 'grid, xp=np, **kwargs'},
         'module': 'autogalaxy.profiles.mass.dark.nfw',
         'name': 'NFW'},
 'NFWMCRDuffySph': {'attributes': ['centre',
                                   'ell_comps',
                                   'inner_slope',
                                   'kappa_s',
                                   'mass_at_200',
                                   'redshift_object',
                                   'redshift_source',
                                   'scale_radius'],
                    'ctor': 'centre=(0.0, 0.0), mass_at_200=1000000000.0, redshift_object=0.5, '
                            'redshift_source=1.0',
                    'inherited': ['angle',
                                  'angle_radians',
                                  'angle_to_profile_grid_from',
                                  'average_convergence_of_1_radius',
                                  'axis_ratio',
                                  'convergence_cse_1d_from',
                                  'deflections_2d_via_potential_2d_from',
                                  'deflections_via_cse_from',
                                  'density_between_circular_annuli',
                                  'eccentric_radii_grid_from',
                                  'elliptical_radii_grid_from',
                                  'extract_attribute',
                                  'has',
                                  'mass_angular_within_circle_from',
                                  'mass_integral',
                                  'potential_func',
                                  'radial_deflection_from',
                                  'radial_grid_from',
                                  'rotated_grid_from_reference_frame_from',
                                  'transformed_from_reference_frame_grid_from',
                                  'transformed_to_reference_frame_grid_from',
                                  'vmapped_deflections_from'],
                    'methods': {'concentration': 'redshift_profile, redshift_source, '
                                                 "redshift_of_cosmic_average_density='profile', "
                                                 'cosmology=None, xp=np',
                                'concentration_func': 'concentration, delta_concentration, xp=np',
                                'convergence_2d_from': 'grid, xp=np, **kwargs',
                                'convergence_2d_via_cse_from': 'grid, xp=np, **kwargs',
                                'convergence_func': 'grid_radius, xp=np',
                                'coord_func_f': 'grid_radius, xp=np',
                                'coord_func_g': 'grid_radius, xp=np',
                                'coord_func_h': 'grid_radius, xp=np',
                                'decompose_convergence_via_cse': 'grid_radii, total_cses=30, '
                                                                 'sample_points=60, xp=np',
                                'deflection_func_sph': 'grid_radius, xp=np',
                                'deflections_2d_via_analytic_from': 'grid, xp=np, **kwargs',
                                'deflections_2d_via_cse_from': 'grid, xp=np, **kwargs',
                                'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                                'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                'delta_concentration': 'redshift_object, redshift_source, '
                                                       "redshift_of_cosmic_average_density='profile', "
                                                       'cosmology=None',
                                'density_3d_func': 'r, xp=np',
                                'ellipticity_rescale': 'property',
                                'mass_at_200_solar_masses': 'redshift_object, redshift_source, '
                                                            "redshift_of_cosmic_average_density='profile', "
                                                            'cosmology=None, xp=np',
                                'potential_2d_from': 'grid, xp=np, **kwargs',
                                'potential_func_sph': 'eta, xp=np',
                                'radius_at_200': 'redshift_object, redshift_source, '
                                                 "redshift_of_cosmic_average_density='profile', "
                                                 'cosmology=None, xp=np',
                                'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                           'redshift_source, '
                                                                           'cosmology=None',
                                'shear_yx_2d_from': 'grid, xp=np, **kwargs'},
                    'module': 'autogalaxy.profiles.mass.dark.nfw_mcr',
                    'name': 'NFWMCRDuffySph'},
 'NFWMCRLudlow': {'attributes': ['centre',
                                 'ell_comps',
                                 'inner_slope',
                                 'kappa_s',
                                 'mass_at_200',
                                 'redshift_object',
                                 'redshift_source',
                                 'scale_radius'],
                  'ctor': 'centre=(0.0, 0.0), ell_comps=(0.0, 0.0), mass_at_200=1000000000.0, '
                          'redshift_object=0.5, redshift_source=1.0',
                  'inherited': ['angle',
                                'angle_radians',
                                'angle_to_profile_grid_from',
                                'average_convergence_of_1_radius',
                                'axis_ratio',
                                'convergence_cse_1d_from',
                                'deflections_2d_via_potential_2d_from',
                                'deflections_via_cse_from',
                                'density_between_circular_annuli',
                                'eccentric_radii_grid_from',
                                'elliptical_radii_grid_from',
                                'extract_attribute',
                                'has',
                                'mass_angular_within_circle_from',
                                'mass_integral',
                                'potential_func',
                                'radial_deflection_from',
                                'radial_grid_from',
                                'rotated_grid_from_reference_frame_from',
                                'transformed_from_reference_frame_grid_from',
                                'transformed_to_reference_frame_grid_from',
                                'vmapped_deflections_from'],
                  'methods': {'concentration': 'redshift_profile, redshift_source, '
                                               "redshift_of_cosmic_average_density='profile', "
                                               'cosmology=None, xp=np',
                              'concentration_func': 'concentration, delta_concentration, xp=np',
                              'convergence_2d_from': 'grid, xp=np, **kwargs',
                              'convergence_2d_via_cse_from': 'grid, xp=np, **kwargs',
                              'convergence_func': 'grid_radius, xp=np',
                              'coord_func_f': 'grid_radius, xp=np',
                              'coord_func_g': 'grid_radius, xp=np',
                              'coord_func_h': 'grid_radius, xp=np',
                              'decompose_convergence_via_cse': 'grid_radii, total_cses=30, '
                                                               'sample_points=60, xp=np',
                              'deflections_2d_via_analytic_from': 'grid, xp=np, **kwargs',
                              'deflections_2d_via_cse_from': 'grid, xp=np, **kwargs',
                              'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                              'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                              'delta_concentration': 'redshift_object, redshift_source, '
                                                     "redshift_of_cosmic_average_density='profile', "
                                                     'cosmology=None',
                              'density_3d_func': 'r, xp=np',
                              'ellipticity_rescale': 'property',
                              'mass_at_200_solar_masses': 'redshift_object, redshift_source, '
                                                          "redshift_of_cosmic_average_density='profile', "
                                                          'cosmology=None, xp=np',
                              'potential_2d_from': 'grid, xp=np, **kwargs',
                              'radius_at_200': 'redshift_object, redshift_source, '
                                               "redshift_of_cosmic_average_density='profile', "
                                               'cosmology=None, xp=np',
                              'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                         'redshift_source, '
                                                                         'cosmology=None',
                              'shear_yx_2d_from': 'grid, xp=np, **kwargs'},
                  'module': 'autogalaxy.profiles.mass.dark.nfw_mcr',
                  'name': 'NFWMCRLudlow'},
 'NFWMCRLudlowSph': {'attributes': ['centre',
                                    'ell_comps',
                                    'inner_slope',
                                    'kappa_s',
                                    'mass_at_200',
                                    'redshift_object',
                                    'redshift_source',
                                    'scale_radius',
                                    'scatter_sigma'],
                     'ctor': 'centre=(0.0, 0.0), mass_at_200=1000000000.0, redshift_object=0.5, '
                             'redshift_source=1.0',
                     'inherited': ['angle',
                                   'angle_radians',
                                   'angle_to_profile_grid_from',
                                   'average_convergence_of_1_radius',
                                   'axis_ratio',
                                   'convergence_cse_1d_from',
                                   'deflections_2d_via_potential_2d_from',
                                   'deflections_via_cse_from',
                                   'density_between_circular_annuli',
                                   'eccentric_radii_grid_from',
                                   'elliptical_radii_grid_from',
                                   'extract_attribute',
                                   'has',
                                   'mass_angular_within_circle_from',
                                   'mass_integral',
                                   'potential_func',
                                   'radial_deflection_from',
                                   'radial_grid_from',
                                   'rotated_grid_from_reference_frame_from',
                                   'transformed_from_reference_frame_grid_from',
                                   'transformed_to_reference_frame_grid_from',
                                   'vmapped_deflections_from'],
                     'methods': {'concentration': 'redshift_profile, redshift_source, '
                                                  "redshift_of_cosmic_average_density='profile', "
                                                  'cosmology=None, xp=np',
                                 'concentration_func': 'concentration, delta_concentration, xp=np',
                                 'convergence_2d_from': 'grid, xp=np, **kwargs',
                                 'convergence_2d_via_cse_from': 'grid, xp=np, **kwargs',
                                 'convergence_func': 'grid_radius, xp=np',
                                 'coord_func_f': 'grid_radius, xp=np',
                                 'coord_func_g': 'grid_radius, xp=np',
                                 'coord_func_h': 'grid_radius, xp=np',
                                 'decompose_convergence_via_cse': 'grid_radii, total_cses=30, '
                                                                  'sample_points=60, xp=np',
                                 'deflection_func_sph': 'grid_radius, xp=np',
                                 'deflections_2d_via_analytic_from': 'grid, xp=np, **kwargs',
                                 'deflections_2d_via_cse_from': 'grid, xp=np, **kwargs',
                                 'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                                 'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                 'delta_concentration': 'redshift_object, redshift_source, '
                                                        "redshift_of_cosmic_average_density='profile', "
                                                        'cosmology=None',
                                 'density_3d_func': 'r, xp=np',
                                 'ellipticity_rescale': 'property',
                                 'mass_at_200_solar_masses': 'redshift_object, redshift_source, '
                                                             "redshift_of_cosmic_average_density='profile', "
                                                             'cosmology=None, xp=np',
                                 'potential_2d_from': 'grid, xp=np, **kwargs',
                                 'potential_func_sph': 'eta, xp=np',
                                 'radius_at_200': 'redshift_object, redshift_source, '
                                                  "redshift_of_cosmic_average_density='profile', "
                                                  'cosmology=None, xp=np',
                                 'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                            'redshift_source, '
                                                                            'cosmology=None',
                                 'shear_yx_2d_from': 'grid, xp=np, **kwargs'},
                     'module': 'autogalaxy.profiles.mass.dark.nfw_mcr',
                     'name': 'NFWMCRLudlowSph'},
 'NFWMCRScatterLudlow': {'attributes': ['centre',
                                        'ell_comps',
                                        'inner_slope',
                                        'kappa_s',
                                        'mass_at_200',
                                        'redshift_object',
                                        'redshift_source',
                                        'scale_radius',
                                        'scatter_sigma'],
                         'ctor': 'centre=(0.0, 0.0), ell_comps=(0.0, 0.0), '
                                 'mass_at_200=1000000000.0, scatter_sigma=0.0, '
                                 'redshift_object=0.5, redshift_source=1.0',
                         'inherited': ['angle',
                                       'angle_radians',
                                       'angle_to_profile_grid_from',
                                       'average_convergence_of_1_radius',
                                       'axis_ratio',
                                       'convergence_cse_1d_from',
                                       'deflections_2d_via_potential_2d_from',
                                       'deflections_via_cse_from',
                                       'density_between_circular_annuli',
                                       'eccentric_radii_grid_from',
                                       'elliptical_radii_grid_from',
                                       'extract_attribute',
                                       'has',
                                       'mass_angular_within_circle_from',
                                       'mass_integral',
                                       'potential_func',
                                       'radial_deflection_from',
                                       'radial_grid_from',
                                       'rotated_grid_from_reference_frame_from',
                                       'transformed_from_reference_frame_grid_from',
                                       'transformed_to_reference_frame_grid_from',
                                       'vmapped_deflections_from'],
                         'methods': {'concentration': 'redshift_profile, redshift_source, '
                                                      "redshift_of_cosmic_average_density='profile', "
                                                      'cosmology=None, xp=np',
                                     'concentration_func': 'concentration, delta_concentration, '
                                                           'xp=np',
                                     'convergence_2d_from': 'grid, xp=np, **kwargs',
                                     'convergence_2d_via_cse_from': 'grid, xp=np, **kwargs',
                                     'convergence_func': 'grid_radius, xp=np',
                                     'coord_func_f': 'grid_radius, xp=np',
                                     'coord_func_g': 'grid_radius, xp=np',
                                     'coord_func_h': 'grid_radius, xp=np',
                                     'decompose_convergence_via_cse': 'grid_radii, total_cses=30, '
                                                                      'sample_points=60, xp=np',
                                     'deflections_2d_via_analytic_from': 'grid, xp=np, **kwargs',
                                     'deflections_2d_via_cse_from': 'grid, xp=np, **kwargs',
                                     'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                                     'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                     'delta_concentration': 'redshift_object, redshift_source, '
                                                            "redshift_of_cosmic_average_density='profile', "
                                                            'cosmology=None',
                                     'density_3d_func': 'r, xp=np',
                                     'ellipticity_rescale': 'property',
                                     'mass_at_200_solar_masses': 'redshift_object, '
                                                                 'redshift_source, '
                                                                 "redshift_of_cosmic_average_density='profile', "
                                                                 'cosmology=None, xp=np',
                                     'potential_2d_from': 'grid, xp=np, **kwargs',
                                     'radius_at_200': 'redshift_object, redshift_source, '
                                                      "redshift_of_cosmic_average_density='profile', "
                                                      'cosmology=None, xp=np',
                                     'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                                'redshift_source, '
                                                                                'cosmology=None',
                                     'shear_yx_2d_from': 'grid, xp=np, **kwargs'},
                         'module': 'autogalaxy.profiles.mass.dark.nfw_mcr_scatter',
                         'name': 'NFWMCRScatterLudlow'},
 'NFWMCRScatterLudlowSph': {'attributes': ['centre',
                                           'ell_comps',
                                           'inner_slope',
                                           'kappa_s',
                                           'mass_at_200',
                                           'redshift_object',
                                           'redshift_source',
                                           'scale_radius',
                                           'scatter_sigma'],
                            'ctor': 'centre=(0.0, 0.0), mass_at_200=1000000000.0, '
                                    'scatter_sigma=0.0, redshift_object=0.5, redshift_source=1.0',
                            'inherited': ['angle',
                                          'angle_radians',
                                          'angle_to_profile_grid_from',
                                          'average_convergence_of_1_radius',
                                          'axis_ratio',
                                          'convergence_cse_1d_from',
                                          'deflections_2d_via_potential_2d_from',
                                          'deflections_via_cse_from',
                                          'density_between_circular_annuli',
                                          'eccentric_radii_grid_from',
                                          'elliptical_radii_grid_from',
                                          'extract_attribute',
                                          'has',
                                          'mass_angular_within_circle_from',
                                          'mass_integral',
                                          'potential_func',
                                          'radial_deflection_from',
                                          'radial_grid_from',
                                          'rotated_grid_from_reference_frame_from',
                                          'transformed_from_reference_frame_grid_from',
                                          'transformed_to_reference_frame_grid_from',
                                          'vmapped_deflections_from'],
                            'methods': {'concentration': 'redshift_profile, redshift_source, '
                                                         "redshift_of_cosmic_average_density='profile', "
                                                         'cosmology=None, xp=np',
                                        'concentration_func': 'concentration, '
                                                              'delta_concentration, xp=np',
                                        'convergence_2d_from': 'grid, xp=np, **kwargs',
                                        'convergence_2d_via_cse_from': 'grid, xp=np, **kwargs',
                                        'convergence_func': 'grid_radius, xp=np',
                                        'coord_func_f': 'grid_radius, xp=np',
                                        'coord_func_g': 'grid_radius, xp=np',
                                        'coord_func_h': 'grid_radius, xp=np',
                                        'decompose_convergence_via_cse': 'grid_radii, '
                                                                         'total_cses=30, '
                                                                         'sample_points=60, xp=np',
                                        'deflection_func_sph': 'grid_radius, xp=np',
                                        'deflections_2d_via_analytic_from': 'grid, xp=np, '
                                                                            '**kwargs',
                                        'deflections_2d_via_cse_from': 'grid, xp=np, **kwargs',
                                        'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                                        'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                        'delta_concentration': 'redshift_object, redshift_source, '
                                                               "redshift_of_cosmic_average_density='profile', "
                                                               'cosmology=None',
                                        'density_3d_func': 'r, xp=np',
                                        'ellipticity_rescale': 'property',
                                        'mass_at_200_solar_masses': 'redshift_object, '
                                                                    'redshift_source, '
                                                                    "redshift_of_cosmic_average_density='profile', "
                                                                    'cosmology=None, xp=np',
                                        'potential_2d_from': 'grid, xp=np, **kwargs',
                                        'potential_func_sph': 'eta, xp=np',
                                        'radius_at_200': 'redshift_object, redshift_source, '
                                                         "redshift_of_cosmic_average_density='profile', "
                                                         'cosmology=None, xp=np',
                                        'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                                   'redshift_source, '
                                                                                   'cosmology=None',
                                        'shear_yx_2d_from': 'grid, xp=np, **kwargs'},
                            'module': 'autogalaxy.profiles.mass.dark.nfw_mcr_scatter',
                            'name': 'NFWMCRScatterLudlowSph'},
 'NFWSph': {'attributes': ['centre', 'ell_comps', 'inner_slope', 'kappa_s', 'scale_radius'],
            'ctor': 'centre=(0.0, 0.0), kappa_s=0.05, scale_radius=1.0',
            'inherited': ['angle',
                          'angle_radians',
                          'angle_to_profile_grid_from',
                          'average_convergence_of_1_radius',
                          'axis_ratio',
                          'convergence_cse_1d_from',
                          'deflections_2d_via_potential_2d_from',
                          'deflections_via_cse_from',
                          'density_between_circular_annuli',
                          'eccentric_radii_grid_from',
                          'elliptical_radii_grid_from',
                          'extract_attribute',
                          'has',
                          'mass_angular_within_circle_from',
                          'mass_integral',
                          'potential_func',
                          'radial_deflection_from',
                          'radial_grid_from',
                          'rotated_grid_from_reference_frame_from',
                          'transformed_from_reference_frame_grid_from',
                          'transformed_to_reference_frame_grid_from',
                          'vmapped_deflections_from'],
            'methods': {'concentration': 'redshift_profile, redshift_source, '
                                         "redshift_of_cosmic_average_density='profile', "
                                         'cosmology=None, xp=np',
                        'concentration_func': 'concentration, delta_concentration, xp=np',
                        'convergence_2d_from': 'grid, xp=np, **kwargs',
                        'convergence_2d_via_cse_from': 'grid, xp=np, **kwargs',
                        'convergence_func': 'grid_radius, xp=np',
                        'coord_func_f': 'grid_radius, xp=np',
                        'coord_func_g': 'grid_radius, xp=np',
                        'coord_func_h': 'grid_radius, xp=np',
                        'decompose_convergence_via_cse': 'grid_radii, total_cses=30, '
                                                         'sample_points=60, xp=np',
                        'deflection_func_sph': 'grid_radius, xp=np',
                        'deflections_2d_via_analytic_from': 'grid, xp=np, **kwargs',
                        'deflections_2d_via_cse_from': 'grid, xp=np, **kwargs',
                        'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                        'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                        'delta_concentration': 'redshift_object, redshift_source, '
                                               "redshift_of_cosmic_average_density='profile', "
                                               'cosmology=None',
                        'density_3d_func': 'r, xp=np',
                        'ellipticity_rescale': 'property',
                        'mass_at_200_solar_masses': 'redshift_object, redshift_source, '
                                                    "redshift_of_cosmic_average_density='profile', "
                                                    'cosmology=None, xp=np',
                        'potential_2d_from': 'grid, xp=np, **kwargs',
                        'potential_func_sph': 'eta, xp=np',
                        'radius_at_200': 'redshift_object, redshift_source, '
                                         "redshift_of_cosmic_average_density='profile', "
                                         'cosmology=None, xp=np',
                        'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                   'redshift_source, '
                                                                   'cosmology=None',
                        'shear_yx_2d_from': 'grid, xp=np, **kwargs'},
            'module': 'autogalaxy.profiles.mass.dark.nfw',
            'name': 'NFWSph'},
 'NFWTruncatedMCRDuffySph': {'attributes': ['centre',
                                            'ell_comps',
                                            'inner_slope',
                                            'kappa_s',
                                            'mass_at_200',
                                            'scale_radius',
                                            'tau',
                                            'truncation_radius'],
                             'ctor': 'centre=(0.0, 0.0), mass_at_200=1000000000.0, '
                                     'redshift_object=0.5, redshift_source=1.0',
                             'inherited': ['angle',
                                           'angle_radians',
                                           'angle_to_profile_grid_from',
                                           'average_convergence_of_1_radius',
                                           'axis_ratio',
                                           'deflections_2d_via_potential_2d_from',
                                           'density_between_circular_annuli',
                                           'eccentric_radii_grid_from',
                                           'elliptical_radii_grid_from',
                                           'extract_attribute',
                                           'has',
                                           'mass_angular_within_circle_from',
                                           'mass_integral',
                                           'potential_func',
                                           'radial_grid_from',
                                           'rotated_grid_from_reference_frame_from',
                                           'transformed_from_reference_frame_grid_from',
                                           'transformed_to_reference_frame_grid_from',
                                           'vmapped_deflections_from'],
                             'methods': {'concentration': 'redshift_profile, redshift_source, '
                                                          "redshift_of_cosmic_average_density='profile', "
                                                          'cosmology=None, xp=np',
                                         'concentration_func': 'concentration, '
                                                               'delta_concentration, xp=np',
                                         'convergence_2d_from': 'grid, xp=np, **kwargs',
                                         'convergence_func': 'grid_radius, xp=np',
                                         'coord_func_f': 'grid_radius, xp=np',
                                         'coord_func_g': 'grid_radius, xp=np',
                                         'coord_func_h': 'grid_radius, xp=np',
                                         'coord_func_k': 'grid_radius, xp=np',
                                         'coord_func_l': 'grid_radius, xp=np',
                                         'coord_func_m': 'grid_radius, xp=np',
                                         'deflection_func_sph': 'grid_radius, xp=np',
                                         'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                         'delta_concentration': 'redshift_object, '
                                                                'redshift_source, '
                                                                "redshift_of_cosmic_average_density='profile', "
                                                                'cosmology=None',
                                         'density_3d_func': 'r, xp=np',
                                         'ellipticity_rescale': 'property',
                                         'from_m200_concentration': 'centre=(0.0, 0.0), '
                                                                    'm200_solar_mass=1000000000.0, '
                                                                    'concentration=10.0, '
                                                                    'redshift_halo=0.5, '
                                                                    'redshift_source=1.0, '
                                                                    'cosmology=None, '
                                                                    'truncation_factor=100.0',
                                         'm200_concentration_from': 'kappa_s, scale_radius, '
                                                                    'redshift_halo, '
                                                                    'redshift_source, '
                                                                    'cosmology=None',
                                         'mass_at_200_solar_masses': 'redshift_object, '
                                                                     'redshift_source, '
                                                                     "redshift_of_cosmic_average_density='profile', "
                                                                     'cosmology=None, xp=np',
                                         'mass_at_truncation_radius_solar_mass': 'redshift_profile, '
                                                                                 'redshift_source, '
                                                                                 "redshift_of_cosmic_average_density='profile', "
                                                                                 'cosmology=None, '
                                                                                 'xp=np',
                                         'mass_ratio_from_concentration_and_truncation_factor': 'concentration, '
                                                                                                'truncation_factor=100.0',
                                         'potential_2d_from': 'grid, xp=np, **kwargs',
                                         'radial_deflection_from': 'r, params, xp',
                                         'radius_at_200': 'redshift_object, redshift_source, '
                                                          "redshift_of_cosmic_average_density='profile', "
                                                          'cosmology=None, xp=np',
                                         'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                                    'redshift_source, '
                                                                                    'cosmology=None'},
                             'module': 'autogalaxy.profiles.mass.dark.nfw_truncated_mcr',
                             'name': 'NFWTruncatedMCRDuffySph'},
 'NFWTruncatedMCRLudlowSph': {'attributes': ['centre',
                                             'ell_comps',
                                             'inner_slope',
                                             'kappa_s',
                                             'mass_at_200',
                                             'redshift_object',
                                             'redshift_source',
                                             'scale_radius',
                                             'scatter_sigma',
                                             'tau',
                                             'truncation_radius'],
                              'ctor': 'centre=(0.0, 0.0), mass_at_200=1000000000.0, '
                                      'redshift_object=0.5, redshift_source=1.0',
                              'inherited': ['angle',
                                            'angle_radians',
                                            'angle_to_profile_grid_from',
                                            'average_convergence_of_1_radius',
                                            'axis_ratio',
                                            'deflections_2d_via_potential_2d_from',
                                            'density_between_circular_annuli',
                                            'eccentric_radii_grid_from',
                                            'elliptical_radii_grid_from',
                                            'extract_attribute',
                                            'has',
                                            'mass_angular_within_circle_from',
                                            'mass_integral',
                                            'potential_func',
                                            'radial_grid_from',
                                            'rotated_grid_from_reference_frame_from',
                                            'transformed_from_reference_frame_grid_from',
                                            'transformed_to_reference_frame_grid_from',
                                            'vmapped_deflections_from'],
                              'methods': {'concentration': 'redshift_profile, redshift_source, '
                                                           "redshift_of_cosmic_average_density='profile', "
                                                           'cosmology=None, xp=np',
                                          'concentration_func': 'concentration, '
                                                                'delta_concentration, xp=np',
                                          'convergence_2d_from': 'grid, xp=np, **kwargs',
                                          'convergence_func': 'grid_radius, xp=np',
                                          'coord_func_f': 'grid_radius, xp=np',
                                          'coord_func_g': 'grid_radius, xp=np',
                                          'coord_func_h': 'grid_radius, xp=np',
                                          'coord_func_k': 'grid_radius, xp=np',
                                          'coord_func_l': 'grid_radius, xp=np',
                                          'coord_func_m': 'grid_radius, xp=np',
                                          'deflection_func_sph': 'grid_radius, xp=np',
                                          'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                          'delta_concentration': 'redshift_object, '
                                                                 'redshift_source, '
                                                                 "redshift_of_cosmic_average_density='profile', "
                                                                 'cosmology=None',
                                          'density_3d_func': 'r, xp=np',
                                          'ellipticity_rescale': 'property',
                                          'from_m200_concentration': 'centre=(0.0, 0.0), '
                                                                     'm200_solar_mass=1000000000.0, '
                                                                     'concentration=10.0, '
                                                                     'redshift_halo=0.5, '
                                                                     'redshift_source=1.0, '
                                                                     'cosmology=None, '
                                                                     'truncation_factor=100.0',
                                          'm200_concentration_from': 'kappa_s, scale_radius, '
                                                                     'redshift_halo, '
                                                                     'redshift_source, '
                                                                     'cosmology=None',
                                          'mass_at_200_solar_masses': 'redshift_object, '
                                                                      'redshift_source, '
                                                                      "redshift_of_cosmic_average_density='profile', "
                                                                      'cosmology=None, xp=np',
                                          'mass_at_truncation_radius_solar_mass': 'redshift_profile, '
                                                                                  'redshift_source, '
                                                                                  "redshift_of_cosmic_average_density='profile', "
                                                                                  'cosmology=None, '
                                                                                  'xp=np',
                                          'mass_ratio_from_concentration_and_truncation_factor': 'concentration, '
                                                                                                 'truncation_factor=100.0',
                                          'potential_2d_from': 'grid, xp=np, **kwargs',
                                          'radial_deflection_from': 'r, params, xp',
                                          'radius_at_200': 'redshift_object, redshift_source, '
                                                           "redshift_of_cosmic_average_density='profile', "
                                                           'cosmology=None, xp=np',
                                          'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                                     'redshift_source, '
                                                                                     'cosmology=None'},
                              'module': 'autogalaxy.profiles.mass.dark.nfw_truncated_mcr',
                              'name': 'NFWTruncatedMCRLudlowSph'},
 'NFWTruncatedMCRScatterLudlowSph': {'attributes': ['centre',
                                                    'ell_comps',
                                                    'inner_slope',
                                                    'kappa_s',
                                                    'mass_at_200',
                                                    'redshift_object',
                                                    'redshift_source',
                                                    'scale_radius',
                                                    'scatter_sigma',
                                                    'tau',
                                                    'truncation_radius'],
                                     'ctor': 'centre=(0.0, 0.0), mass_at_200=1000000000.0, '
                                             'scatter_sigma=0.0, redshift_object=0.5, '
                                             'redshift_source=1.0',
                                     'inherited': ['angle',
                                                   'angle_radians',
                                                   'angle_to_profile_grid_from',
                                                   'average_convergence_of_1_radius',
                                                   'axis_ratio',
                                                   'deflections_2d_via_potential_2d_from',
                                                   'density_between_circular_annuli',
                                                   'eccentric_radii_grid_from',
                                                   'elliptical_radii_grid_from',
                                                   'extract_attribute',
                                                   'has',
                                                   'mass_angular_within_circle_from',
                                                   'mass_integral',
                                                   'potential_func',
                                                   'radial_grid_from',
                                                   'rotated_grid_from_reference_frame_from',
                                                   'transformed_from_reference_frame_grid_from',
                                                   'transformed_to_reference_frame_grid_from',
                                                   'vmapped_deflections_from'],
                                     'methods': {'concentration': 'redshift_profile, '
                                                                  'redshift_source, '
                                                                  "redshift_of_cosmic_average_density='profile', "
                                                                  'cosmology=None, xp=np',
                                                 'concentration_func': 'concentration, '
                                                                       'delta_concentration, '
                                                                       'xp=np',
                                                 'convergence_2d_from': 'grid, xp=np, **kwargs',
                                                 'convergence_func': 'grid_radius, xp=np',
                                                 'coord_func_f': 'grid_radius, xp=np',
                                                 'coord_func_g': 'grid_radius, xp=np',
                                                 'coord_func_h': 'grid_radius, xp=np',
                                                 'coord_func_k': 'grid_radius, xp=np',
                                                 'coord_func_l': 'grid_radius, xp=np',
                                                 'coord_func_m': 'grid_radius, xp=np',
                                                 'deflection_func_sph': 'grid_radius, xp=np',
                                                 'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                                 'delta_concentration': 'redshift_object, '
                                                                        'redshift_source, '
                                                                        "redshift_of_cosmic_average_density='profile', "
                                                                        'cosmology=None',
                                                 'density_3d_func': 'r, xp=np',
                                                 'ellipticity_rescale': 'property',
                                                 'from_m200_concentration': 'centre=(0.0, 0.0), '
                                                                            'm200_solar_mass=1000000000.0, '
                                                                            'concentration=10.0, '
                                                                            'redshift_halo=0.5, '
                                                                            'redshift_source=1.0, '
                                                                            'cosmology=None, '
                                                                            'truncation_factor=100.0',
                                                 'm200_concentration_from': 'kappa_s, '
                                                                            'scale_radius, '
                                                                            'redshift_halo, '
                                                                            'redshift_source, '
                                                                            'cosmology=None',
                                                 'mass_at_200_solar_masses': 'redshift_object, '
                                                                             'redshift_source, '
                                                                             "redshift_of_cosmic_average_density='profile', "
                                                                             'cosmology=None, '
                                                                             'xp=np',
                                                 'mass_at_truncation_radius_solar_mass': 'redshift_profile, '
                                                                                         'redshift_source, '
                                                                                         "redshift_of_cosmic_average_density='profile', "
                                                                                         'cosmology=None, '
                                                                                         'xp=np',
                                                 'mass_ratio_from_concentration_and_truncation_factor': 'concentration, '
                                                                                                        'truncation_factor=100.0',
                                                 'potential_2d_from': 'grid, xp=np, **kwargs',
                                                 'radial_deflection_from': 'r, params, xp',
                                                 'radius_at_200': 'redshift_object, '
                                                                  'redshift_source, '
                                                                  "redshift_of_cosmic_average_density='profile', "
                                                                  'cosmology=None, xp=np',
                                                 'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                                            'redshift_source, '
                                                                                            'cosmology=None'},
                                     'module': 'autogalaxy.profiles.mass.dark.nfw_truncated_mcr_scatter',
                                     'name': 'NFWTruncatedMCRScatterLudlowSph'},
 'NFWTruncatedSph': {'attributes': ['centre',
                                    'ell_comps',
                                    'inner_slope',
                                    'kappa_s',
                                    'scale_radius',
                                    'tau',
                                    'truncation_radius'],
                     'ctor': 'centre=(0.0, 0.0), kappa_s=0.05, scale_radius=1.0, '
                             'truncation_radius=2.0',
                     'inherited': ['angle',
                                   'angle_radians',
                                   'angle_to_profile_grid_from',
                                   'average_convergence_of_1_radius',
                                   'axis_ratio',
                                   'deflections_2d_via_potential_2d_from',
                                   'density_between_circular_annuli',
                                   'eccentric_radii_grid_from',
                                   'elliptical_radii_grid_from',
                                   'extract_attribute',
                                   'has',
                                   'mass_angular_within_circle_from',
                                   'mass_integral',
                                   'potential_func',
                                   'radial_grid_from',
                                   'rotated_grid_from_reference_frame_from',
                                   'transformed_from_reference_frame_grid_from',
                                   'transformed_to_reference_frame_grid_from',
                                   'vmapped_deflections_from'],
                     'methods': {'concentration': 'redshift_profile, redshift_source, '
                                                  "redshift_of_cosmic_average_density='profile', "
                                                  'cosmology=None, xp=np',
                                 'concentration_func': 'concentration, delta_concentration, xp=np',
                                 'convergence_2d_from': 'grid, xp=np, **kwargs',
                                 'convergence_func': 'grid_radius, xp=np',
                                 'coord_func_f': 'grid_radius, xp=np',
                                 'coord_func_g': 'grid_radius, xp=np',
                                 'coord_func_h': 'grid_radius, xp=np',
                                 'coord_func_k': 'grid_radius, xp=np',
                                 'coord_func_l': 'grid_radius, xp=np',
                                 'coord_func_m': 'grid_radius, xp=np',
                                 'deflection_func_sph': 'grid_radius, xp=np',
                                 'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                 'delta_concentration': 'redshift_object, redshift_source, '
                                                        "redshift_of_cosmic_average_density='profile', "
                                                        'cosmology=None',
                                 'density_3d_func': 'r, xp=np',
                                 'ellipticity_rescale': 'property',
                                 'from_m200_concentration': 'centre=(0.0, 0.0), '
                                                            'm200_solar_mass=1000000000.0, '
                                                            'concentration=10.0, '
                                                            'redshift_halo=0.5, '
                                                            'redshift_source=1.0, cosmology=None, '
                                                            'truncation_factor=100.0',
                                 'm200_concentration_from': 'kappa_s, scale_radius, '
                                                            'redshift_halo, redshift_source, '
                                                            'cosmology=None',
                                 'mass_at_200_solar_masses': 'redshift_object, redshift_source, '
                                                             "redshift_of_cosmic_average_density='profile', "
                                                             'cosmology=None, xp=np',
                                 'mass_at_truncation_radius_solar_mass': 'redshift_profile, '
                                                                         'redshift_source, '
                                                                         "redshift_of_cosmic_average_density='profile', "
                                                                         'cosmology=None, xp=np',
                                 'mass_ratio_from_concentration_and_truncation_factor': 'concentration, '
                                                                                        'truncation_factor=100.0',
                                 'potential_2d_from': 'grid, xp=np, **kwargs',
                                 'radial_deflection_from': 'r, params, xp',
                                 'radius_at_200': 'redshift_object, redshift_source, '
                                                  "redshift_of_cosmic_average_density='profile', "
                                                  'cosmology=None, xp=np',
                                 'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                            'redshift_source, '
                                                                            'cosmology=None'},
                     'module': 'autogalaxy.profiles.mass.dark.nfw_truncated',
                     'name': 'NFWTruncatedSph'},
 'NFWVirialMassConcSph': {'attributes': ['centre',
                                         'concentration',
                                         'ell_comps',
                                         'inner_slope',
                                         'kappa_s',
                                         'scale_radius',
                                         'virial_mass',
                                         'virial_overdens'],
                          'ctor': 'centre=(0.0, 0.0), virial_mass=1000000000000.0, '
                                  'concentration=10, virial_overdens=200, redshift_object=0.5, '
                                  'redshift_source=1.0',
                          'inherited': ['angle',
                                        'angle_radians',
                                        'angle_to_profile_grid_from',
                                        'average_convergence_of_1_radius',
                                        'axis_ratio',
                                        'convergence_cse_1d_from',
                                        'deflections_2d_via_potential_2d_from',
                                        'deflections_via_cse_from',
                                        'density_between_circular_annuli',
                                        'eccentric_radii_grid_from',
                                        'elliptical_radii_grid_from',
                                        'extract_attribute',
                                        'has',
                                        'mass_angular_within_circle_from',
                                        'mass_integral',
                                        'potential_func',
                                        'radial_deflection_from',
                                        'radial_grid_from',
                                        'rotated_grid_from_reference_frame_from',
                                        'transformed_from_reference_frame_grid_from',
                                        'transformed_to_reference_frame_grid_from',
                                        'vmapped_deflections_from'],
                          'methods': {'concentration': 'redshift_profile, redshift_source, '
                                                       "redshift_of_cosmic_average_density='profile', "
                                                       'cosmology=None, xp=np',
                                      'concentration_func': 'concentration, delta_concentration, '
                                                            'xp=np',
                                      'convergence_2d_from': 'grid, xp=np, **kwargs',
                                      'convergence_2d_via_cse_from': 'grid, xp=np, **kwargs',
                                      'convergence_func': 'grid_radius, xp=np',
                                      'coord_func_f': 'grid_radius, xp=np',
                                      'coord_func_g': 'grid_radius, xp=np',
                                      'coord_func_h': 'grid_radius, xp=np',
                                      'decompose_convergence_via_cse': 'grid_radii, '
                                                                       'total_cses=30, '
                                                                       'sample_points=60, xp=np',
                                      'deflection_func_sph': 'grid_radius, xp=np',
                                      'deflections_2d_via_analytic_from': 'grid, xp=np, **kwargs',
                                      'deflections_2d_via_cse_from': 'grid, xp=np, **kwargs',
                                      'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                                      'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                      'delta_concentration': 'redshift_object, redshift_source, '
                                                             "redshift_of_cosmic_average_density='profile', "
                                                             'cosmology=None',
                                      'density_3d_func': 'r, xp=np',
                                      'ellipticity_rescale': 'property',
                                      'mass_at_200_solar_masses': 'redshift_object, '
                                                                  'redshift_source, '
                                                                  "redshift_of_cosmic_average_density='profile', "
                                                                  'cosmology=None, xp=np',
                                      'potential_2d_from': 'grid, xp=np, **kwargs',
                                      'potential_func_sph': 'eta, xp=np',
                                      'radius_at_200': 'redshift_object, redshift_source, '
                                                       "redshift_of_cosmic_average_density='profile', "
                                                       'cosmology=None, xp=np',
                                      'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                                 'redshift_source, '
                                                                                 'cosmology=None',
                                      'shear_yx_2d_from': 'grid, xp=np, **kwargs'},
                          'module': 'autogalaxy.profiles.mass.dark.nfw_virial_mass_conc',
                          'name': 'NFWVirialMassConcSph'},
 'YangSIDMMCRLudlowSph': {'attributes': ['centre',
                                         'core_radius_evolved',
                                         'ell_comps',
                                         'kappa_s',
                                         'mass_at_200',
                                         'nu_eff',
                                         'redshift_object',
                                         'redshift_source',
                                         'rho_s_evolved',
                                         'scale_radius',
                                         'scale_radius_evolved',
                                         'sigma_eff_over_m',
                                         'sigma_over_m',
                                         't_age',
                                         'tau',
                                         'tau_physical',
                                         'velocity_exponent',
                                         'velocity_ref'],
                          'ctor': 'centre=(0.0, 0.0), mass_at_200=1000000000.0, sigma_over_m=1.0, '
                                  'velocity_exponent=0.0, velocity_ref=10.0, t_age=10.0, '
                                  'redshift_object=0.5, redshift_source=1.0',
                          'inherited': ['angle',
                                        'angle_radians',
                                        'angle_to_profile_grid_from',
                                        'average_convergence_of_1_radius',
                                        'axis_ratio',
                                        'deflections_2d_via_potential_2d_from',
                                        'density_between_circular_annuli',
                                        'eccentric_radii_grid_from',
                                        'elliptical_radii_grid_from',
                                        'ellipticity_rescale',
                                        'extract_attribute',
                                        'has',
                                        'mass_angular_within_circle_from',
                                        'mass_integral',
                                        'potential_func',
                                        'radial_grid_from',
                                        'rotated_grid_from_reference_frame_from',
                                        'transformed_from_reference_frame_grid_from',
                                        'transformed_to_reference_frame_grid_from',
                                        'vmapped_deflections_from'],
                          'methods': {'convergence_2d_from': 'grid, xp=np, **kwargs',
                                      'convergence_func': 'grid_radius, xp=np',
                                      'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                      'density_3d_func': 'r, xp=np',
                                      'potential_2d_from': 'grid, xp=np, **kwargs',
                                      'radial_deflection_from': 'r, params, xp',
                                      'radial_deflection_from_radius': 'radius'},
                          'module': 'autogalaxy.profiles.mass.dark.yang24_mcr',
                          'name': 'YangSIDMMCRLudlowSph'},
 'YangSIDMSph': {'attributes': ['centre',
                                'core_radius_evolved',
                                'ell_comps',
                                'kappa_s',
                                'rho_s_evolved',
                                'scale_radius',
                                'scale_radius_evolved',
                                'tau'],
                 'ctor': 'centre=(0.0, 0.0), kappa_s=0.05, scale_radius=1.0, tau=0.0',
                 'inherited': ['angle',
                               'angle_radians',
                               'angle_to_profile_grid_from',
                               'average_convergence_of_1_radius',
                               'axis_ratio',
                               'deflections_2d_via_potential_2d_from',
                               'density_between_circular_annuli',
                               'eccentric_radii_grid_from',
                               'elliptical_radii_grid_from',
                               'ellipticity_rescale',
                               'extract_attribute',
                               'has',
                               'mass_angular_within_circle_from',
                               'mass_integral',
                               'potential_func',
                               'radial_grid_from',
                               'rotated_grid_from_reference_frame_from',
                               'transformed_from_reference_frame_grid_from',
                               'transformed_to_reference_frame_grid_from',
                               'vmapped_deflections_from'],
                 'methods': {'convergence_2d_from': 'grid, xp=np, **kwargs',
                             'convergence_func': 'grid_radius, xp=np',
                             'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                             'density_3d_func': 'r, xp=np',
                             'potential_2d_from': 'grid, xp=np, **kwargs',
                             'radial_deflection_from': 'r, params, xp',
                             'radial_deflection_from_radius': 'radius'},
                 'module': 'autogalaxy.profiles.mass.dark.yang24',
                 'name': 'YangSIDMSph'},
 'cNFW': {'attributes': ['centre',
                         'core_radius',
                         'ell_comps',
                         'inner_slope',
                         'kappa_s',
                         'scale_radius'],
          'ctor': 'centre=(0.0, 0.0), ell_comps=(0.0, 0.0), kappa_s=0.05, scale_radius=1.0, '
                  'core_radius=0.01',
          'inherited': ['angle',
                        'angle_radians',
                        'angle_to_profile_grid_from',
                        'average_convergence_of_1_radius',
                        'axis_ratio',
                        'deflections_2d_via_potential_2d_from',
                        'density_between_circular_annuli',
                        'eccentric_radii_grid_from',
                        'elliptical_radii_grid_from',
                        'extract_attribute',
                        'has',
                        'mass_angular_within_circle_from',
                        'mass_integral',
                        'potential_func',
                        'radial_deflection_from',
                        'radial_grid_from',
                        'rotated_grid_from_reference_frame_from',
                        'transformed_from_reference_frame_grid_from',
                        'transformed_to_reference_frame_grid_from',
                        'vmapped_deflections_from'],
          'methods': {'concentration': 'redshift_profile, redshift_source, '
                                       "redshift_of_cosmic_average_density='profile', "
                                       'cosmology=None, xp=np',
                      'concentration_func': 'concentration, delta_concentration, xp=np',
                      'convergence_2d_from': 'grid, xp=np, **kwargs',
                      'convergence_func': 'grid_radius, xp=np',
                      'coord_func_f': 'grid_radius, xp=np',
                      'coord_func_g': 'grid_radius, xp=np',
                      'coord_func_h': 'grid_radius, xp=np',
                      'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                      'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                      'delta_concentration': 'redshift_object, redshift_source, '
                                             "redshift_of_cosmic_average_density='profile', "
                                             'cosmology=None',
                      'density_3d_func': 'r, xp=np',
                      'ellipticity_rescale': 'property',
                      'mass_at_200_solar_masses': 'redshift_object, redshift_source, '
                                                  "redshift_of_cosmic_average_density='profile', "
                                                  'cosmology=None, xp=np',
                      'potential_2d_from': 'grid, xp=np, **kwargs',
                      'radius_at_200': 'redshift_object, redshift_source, '
                                       "redshift_of_cosmic_average_density='profile', "
                                       'cosmology=None, xp=np',
                      'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                 'redshift_source, '
                                                                 'cosmology=None'},
          'module': 'autogalaxy.profiles.mass.dark.cnfw',
          'name': 'cNFW'},
 'cNFWMCRLudlow': {'attributes': ['centre',
                                  'core_radius',
                                  'ell_comps',
                                  'f_c',
                                  'inner_slope',
                                  'kappa_s',
                                  'mass_at_200',
                                  'redshift_object',
                                  'redshift_source',
                                  'scale_radius',
                                  'scatter_sigma'],
                   'ctor': 'centre=(0.0, 0.0), ell_comps=(0.0, 0.0), mass_at_200=1000000000.0, '
                           'f_c=0.01, redshift_object=0.5, redshift_source=1.0',
                   'inherited': ['angle',
                                 'angle_radians',
                                 'angle_to_profile_grid_from',
                                 'average_convergence_of_1_radius',
                                 'axis_ratio',
                                 'deflections_2d_via_potential_2d_from',
                                 'density_between_circular_annuli',
                                 'eccentric_radii_grid_from',
                                 'elliptical_radii_grid_from',
                                 'extract_attribute',
                                 'has',
                                 'mass_angular_within_circle_from',
                                 'mass_integral',
                                 'potential_func',
                                 'radial_deflection_from',
                                 'radial_grid_from',
                                 'rotated_grid_from_reference_frame_from',
                                 'transformed_from_reference_frame_grid_from',
                                 'transformed_to_reference_frame_grid_from',
                                 'vmapped_deflections_from'],
                   'methods': {'concentration': 'redshift_profile, redshift_source, '
                                                "redshift_of_cosmic_average_density='profile', "
                                                'cosmology=None, xp=np',
                               'concentration_func': 'concentration, delta_concentration, xp=np',
                               'convergence_2d_from': 'grid, xp=np, **kwargs',
                               'convergence_func': 'grid_radius, xp=np',
                               'coord_func_f': 'grid_radius, xp=np',
                               'coord_func_g': 'grid_radius, xp=np',
                               'coord_func_h': 'grid_radius, xp=np',
                               'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                               'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                               'delta_concentration': 'redshift_object, redshift_source, '
                                                      "redshift_of_cosmic_average_density='profile', "
                                                      'cosmology=None',
                               'density_3d_func': 'r, xp=np',
                               'ellipticity_rescale': 'property',
                               'mass_at_200_solar_masses': 'redshift_object, redshift_source, '
                                                           "redshift_of_cosmic_average_density='profile', "
                                                           'cosmology=None, xp=np',
                               'potential_2d_from': 'grid, xp=np, **kwargs',
                               'radius_at_200': 'redshift_object, redshift_source, '
                                                "redshift_of_cosmic_average_density='profile', "
                                                'cosmology=None, xp=np',
                               'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                          'redshift_source, '
                                                                          'cosmology=None'},
                   'module': 'autogalaxy.profiles.mass.dark.cnfw_mcr',
                   'name': 'cNFWMCRLudlow'},
 'cNFWMCRLudlowSph': {'attributes': ['centre',
                                     'core_radius',
                                     'ell_comps',
                                     'f_c',
                                     'inner_slope',
                                     'kappa_s',
                                     'mass_at_200',
                                     'redshift_object',
                                     'redshift_source',
                                     'scale_radius',
                                     'scatter_sigma'],
                      'ctor': 'centre=(0.0, 0.0), mass_at_200=1000000000.0, f_c=0.01, '
                              'redshift_object=0.5, redshift_source=1.0',
                      'inherited': ['angle',
                                    'angle_radians',
                                    'angle_to_profile_grid_from',
                                    'average_convergence_of_1_radius',
                                    'axis_ratio',
                                    'deflections_2d_via_potential_2d_from',
                                    'density_between_circular_annuli',
                                    'eccentric_radii_grid_from',
                                    'elliptical_radii_grid_from',
                                    'extract_attribute',
                                    'has',
                                    'mass_angular_within_circle_from',
                                    'mass_integral',
                                    'potential_func',
                                    'radial_grid_from',
                                    'rotated_grid_from_reference_frame_from',
                                    'transformed_from_reference_frame_grid_from',
                                    'transformed_to_reference_frame_grid_from',
                                    'vmapped_deflections_from'],
                      'methods': {'F_func': 'theta, radius, xp=np',
                                  'concentration': 'redshift_profile, redshift_source, '
                                                   "redshift_of_cosmic_average_density='profile', "
                                                   'cosmology=None, xp=np',
                                  'concentration_func': 'concentration, delta_concentration, '
                                                        'xp=np',
                                  'convergence_2d_from': 'grid, xp=np, **kwargs',
                                  'convergence_func': 'grid_radius, xp=np',
                                  'coord_func_f': 'grid_radius, xp=np',
                                  'coord_func_g': 'grid_radius, xp=np',
                                  'coord_func_h': 'grid_radius, xp=np',
                                  'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                                  'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                  'delta_concentration': 'redshift_object, redshift_source, '
                                                         "redshift_of_cosmic_average_density='profile', "
                                                         'cosmology=None',
                                  'density_3d_func': 'r, xp=np',
                                  'dev_F_func': 'theta, radius, xp=np',
                                  'ellipticity_rescale': 'property',
                                  'mass_at_200_solar_masses': 'redshift_object, redshift_source, '
                                                              "redshift_of_cosmic_average_density='profile', "
                                                              'cosmology=None, xp=np',
                                  'potential_2d_from': 'grid, xp=np, **kwargs',
                                  'radial_deflection_from': 'r, params, xp',
                                  'radius_at_200': 'redshift_object, redshift_source, '
                                                   "redshift_of_cosmic_average_density='profile', "
                                                   'cosmology=None, xp=np',
                                  'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                             'redshift_source, '
                                                                             'cosmology=None'},
                      'module': 'autogalaxy.profiles.mass.dark.cnfw_mcr',
                      'name': 'cNFWMCRLudlowSph'},
 'cNFWMCRScatterLudlow': {'attributes': ['centre',
                                         'core_radius',
                                         'ell_comps',
                                         'f_c',
                                         'inner_slope',
                                         'kappa_s',
                                         'mass_at_200',
                                         'redshift_object',
                                         'redshift_source',
                                         'scale_radius',
                                         'scatter_sigma'],
                          'ctor': 'centre=(0.0, 0.0), ell_comps=(0.0, 0.0), '
                                  'mass_at_200=1000000000.0, scatter_sigma=0.0, f_c=0.01, '
                                  'redshift_object=0.5, redshift_source=1.0',
                          'inherited': ['angle',
                                        'angle_radians',
                                        'angle_to_profile_grid_from',
                                        'average_convergence_of_1_radius',
                                        'axis_ratio',
                                        'deflections_2d_via_potential_2d_from',
                                        'density_between_circular_annuli',
                                        'eccentric_radii_grid_from',
                                        'elliptical_radii_grid_from',
                                        'extract_attribute',
                                        'has',
                                        'mass_angular_within_circle_from',
                                        'mass_integral',
                                        'potential_func',
                                        'radial_deflection_from',
                                        'radial_grid_from',
                                        'rotated_grid_from_reference_frame_from',
                                        'transformed_from_reference_frame_grid_from',
                                        'transformed_to_reference_frame_grid_from',
                                        'vmapped_deflections_from'],
                          'methods': {'concentration': 'redshift_profile, redshift_source, '
                                                       "redshift_of_cosmic_average_density='profile', "
                                                       'cosmology=None, xp=np',
                                      'concentration_func': 'concentration, delta_concentration, '
                                                            'xp=np',
                                      'convergence_2d_from': 'grid, xp=np, **kwargs',
                                      'convergence_func': 'grid_radius, xp=np',
                                      'coord_func_f': 'grid_radius, xp=np',
                                      'coord_func_g': 'grid_radius, xp=np',
                                      'coord_func_h': 'grid_radius, xp=np',
                                      'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                                      'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                      'delta_concentration': 'redshift_object, redshift_source, '
                                                             "redshift_of_cosmic_average_density='profile', "
                                                             'cosmology=None',
                                      'density_3d_func': 'r, xp=np',
                                      'ellipticity_rescale': 'property',
                                      'mass_at_200_solar_masses': 'redshift_object, '
                                                                  'redshift_source, '
                                                                  "redshift_of_cosmic_average_density='profile', "
                                                                  'cosmology=None, xp=np',
                                      'potential_2d_from': 'grid, xp=np, **kwargs',
                                      'radius_at_200': 'redshift_object, redshift_source, '
                                                       "redshift_of_cosmic_average_density='profile', "
                                                       'cosmology=None, xp=np',
                                      'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                                 'redshift_source, '
                                                                                 'cosmology=None'},
                          'module': 'autogalaxy.profiles.mass.dark.cnfw_mcr_scatter',
                          'name': 'cNFWMCRScatterLudlow'},
 'cNFWMCRScatterLudlowSph': {'attributes': ['centre',
                                            'core_radius',
                                            'ell_comps',
                                            'f_c',
                                            'inner_slope',
                                            'kappa_s',
                                            'mass_at_200',
                                            'redshift_object',
                                            'redshift_source',
                                            'scale_radius',
                                            'scatter_sigma'],
                             'ctor': 'centre=(0.0, 0.0), mass_at_200=1000000000.0, '
                                     'scatter_sigma=0.0, f_c=0.01, redshift_object=0.5, '
                                     'redshift_source=1.0',
                             'inherited': ['angle',
                                           'angle_radians',
                                           'angle_to_profile_grid_from',
                                           'average_convergence_of_1_radius',
                                           'axis_ratio',
                                           'deflections_2d_via_potential_2d_from',
                                           'density_between_circular_annuli',
                                           'eccentric_radii_grid_from',
                                           'elliptical_radii_grid_from',
                                           'extract_attribute',
                                           'has',
                                           'mass_angular_within_circle_from',
                                           'mass_integral',
                                           'potential_func',
                                           'radial_grid_from',
                                           'rotated_grid_from_reference_frame_from',
                                           'transformed_from_reference_frame_grid_from',
                                           'transformed_to_reference_frame_grid_from',
                                           'vmapped_deflections_from'],
                             'methods': {'F_func': 'theta, radius, xp=np',
                                         'concentration': 'redshift_profile, redshift_source, '
                                                          "redshift_of_cosmic_average_density='profile', "
                                                          'cosmology=None, xp=np',
                                         'concentration_func': 'concentration, '
                                                               'delta_concentration, xp=np',
                                         'convergence_2d_from': 'grid, xp=np, **kwargs',
                                         'convergence_func': 'grid_radius, xp=np',
                                         'coord_func_f': 'grid_radius, xp=np',
                                         'coord_func_g': 'grid_radius, xp=np',
                                         'coord_func_h': 'grid_radius, xp=np',
                                         'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                                         'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                         'delta_concentration': 'redshift_object, '
                                                                'redshift_source, '
                                                                "redshift_of_cosmic_average_density='profile', "
                                                                'cosmology=None',
                                         'density_3d_func': 'r, xp=np',
                                         'dev_F_func': 'theta, radius, xp=np',
                                         'ellipticity_rescale': 'property',
                                         'mass_at_200_solar_masses': 'redshift_object, '
                                                                     'redshift_source, '
                                                                     "redshift_of_cosmic_average_density='profile', "
                                                                     'cosmology=None, xp=np',
                                         'potential_2d_from': 'grid, xp=np, **kwargs',
                                         'radial_deflection_from': 'r, params, xp',
                                         'radius_at_200': 'redshift_object, redshift_source, '
                                                          "redshift_of_cosmic_average_density='profile', "
                                                          'cosmology=None, xp=np',
                                         'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                                    'redshift_source, '
                                                                                    'cosmology=None'},
                             'module': 'autogalaxy.profiles.mass.dark.cnfw_mcr_scatter',
                             'name': 'cNFWMCRScatterLudlowSph'},
 'cNFWSph': {'attributes': ['centre',
                            'core_radius',
                            'ell_comps',
                            'inner_slope',
                            'kappa_s',
                            'scale_radius'],
             'ctor': 'centre=(0.0, 0.0), kappa_s=0.05, scale_radius=1.0, core_radius=0.01',
             'inherited': ['angle',
                           'angle_radians',
                           'angle_to_profile_grid_from',
                           'average_convergence_of_1_radius',
                           'axis_ratio',
                           'deflections_2d_via_potential_2d_from',
                           'density_between_circular_annuli',
                           'eccentric_radii_grid_from',
                           'elliptical_radii_grid_from',
                           'extract_attribute',
                           'has',
                           'mass_angular_within_circle_from',
                           'mass_integral',
                           'potential_func',
                           'radial_grid_from',
                           'rotated_grid_from_reference_frame_from',
                           'transformed_from_reference_frame_grid_from',
                           'transformed_to_reference_frame_grid_from',
                           'vmapped_deflections_from'],
             'methods': {'F_func': 'theta, radius, xp=np',
                         'concentration': 'redshift_profile, redshift_source, '
                                          "redshift_of_cosmic_average_density='profile', "
                                          'cosmology=None, xp=np',
                         'concentration_func': 'concentration, delta_concentration, xp=np',
                         'convergence_2d_from': 'grid, xp=np, **kwargs',
                         'convergence_func': 'grid_radius, xp=np',
                         'coord_func_f': 'grid_radius, xp=np',
                         'coord_func_g': 'grid_radius, xp=np',
                         'coord_func_h': 'grid_radius, xp=np',
                         'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                         'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                         'delta_concentration': 'redshift_object, redshift_source, '
                                                "redshift_of_cosmic_average_density='profile', "
                                                'cosmology=None',
                         'density_3d_func': 'r, xp=np',
                         'dev_F_func': 'theta, radius, xp=np',
                         'ellipticity_rescale': 'property',
                         'mass_at_200_solar_masses': 'redshift_object, redshift_source, '
                                                     "redshift_of_cosmic_average_density='profile', "
                                                     'cosmology=None, xp=np',
                         'potential_2d_from': 'grid, xp=np, **kwargs',
                         'radial_deflection_from': 'r, params, xp',
                         'radius_at_200': 'redshift_object, redshift_source, '
                                          "redshift_of_cosmic_average_density='profile', "
                                          'cosmology=None, xp=np',
                         'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                    'redshift_source, '
                                                                    'cosmology=None'},
             'module': 'autogalaxy.profiles.mass.dark.cnfw',
             'name': 'cNFWSph'},
 'gNFW': {'attributes': ['centre', 'ell_comps', 'inner_slope', 'kappa_s', 'scale_radius'],
          'ctor': 'centre=(0.0, 0.0), ell_comps=(0.0, 0.0), kappa_s=0.05, inner_slope=1.0, '
                  'scale_radius=1.0',
          'inherited': ['angle',
                        'angle_radians',
                        'angle_to_profile_grid_from',
                        'average_convergence_of_1_radius',
                        'axis_ratio',
                        'deflections_2d_via_potential_2d_from',
                        'density_between_circular_annuli',
                        'eccentric_radii_grid_from',
                        'elliptical_radii_grid_from',
                        'extract_attribute',
                        'has',
                        'mass_angular_within_circle_from',
                        'mass_integral',
                        'potential_func',
                        'radial_deflection_from',
                        'radial_grid_from',
                        'rotated_grid_from_reference_frame_from',
                        'transformed_from_reference_frame_grid_from',
                        'transformed_to_reference_frame_grid_from',
                        'vmapped_deflections_from'],
          'methods': {'concentration': 'redshift_profile, redshift_source, '
                                       "redshift_of_cosmic_average_density='profile', "
                                       'cosmology=None, xp=np',
                      'concentration_func': 'concentration, delta_concentration, xp=np',
                      'convergence_2d_from': 'grid, xp=np, **kwargs',
                      'convergence_func': 'grid_radius, xp=np',
                      'coord_func_f': 'grid_radius, xp=np',
                      'coord_func_g': 'grid_radius, xp=np',
                      'coord_func_h': 'grid_radius, xp=np',
                      'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                      'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                      'delta_concentration': 'redshift_object, redshift_source, '
                                             "redshift_of_cosmic_average_density='profile', "
                                             'cosmology=None',
                      'density_3d_func': 'r, xp=np',
                      'ellipticity_rescale': 'property',
                      'mass_at_200_solar_masses': 'redshift_object, redshift_source, '
                                                  "redshift_of_cosmic_average_density='profile', "
                                                  'cosmology=None, xp=np',
                      'potential_2d_from': 'grid, xp=np, **kwargs',
                      'radius_at_200': 'redshift_object, redshift_source, '
                                       "redshift_of_cosmic_average_density='profile', "
                                       'cosmology=None, xp=np',
                      'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                 'redshift_source, '
                                                                 'cosmology=None'},
          'module': 'autogalaxy.profiles.mass.dark.gnfw',
          'name': 'gNFW'},
 'gNFWMCRLudlow': {'attributes': ['centre',
                                  'ell_comps',
                                  'inner_slope',
                                  'kappa_s',
                                  'mass_at_200',
                                  'redshift_object',
                                  'redshift_source',
                                  'scale_radius'],
                   'ctor': 'centre=(0.0, 0.0), ell_comps=(0.0, 0.0), mass_at_200=1000000000.0, '
                           'redshift_object=0.5, redshift_source=1.0, inner_slope=1.0',
                   'inherited': ['angle',
                                 'angle_radians',
                                 'angle_to_profile_grid_from',
                                 'average_convergence_of_1_radius',
                                 'axis_ratio',
                                 'deflections_2d_via_potential_2d_from',
                                 'density_between_circular_annuli',
                                 'eccentric_radii_grid_from',
                                 'elliptical_radii_grid_from',
                                 'extract_attribute',
                                 'has',
                                 'mass_angular_within_circle_from',
                                 'mass_integral',
                                 'potential_func',
                                 'radial_deflection_from',
                                 'radial_grid_from',
                                 'rotated_grid_from_reference_frame_from',
                                 'transformed_from_reference_frame_grid_from',
                                 'transformed_to_reference_frame_grid_from',
                                 'vmapped_deflections_from'],
                   'methods': {'concentration': 'redshift_profile, redshift_source, '
                                                "redshift_of_cosmic_average_density='profile', "
                                                'cosmology=None, xp=np',
                               'concentration_func': 'concentration, delta_concentration, xp=np',
                               'convergence_2d_from': 'grid, xp=np, **kwargs',
                               'convergence_func': 'grid_radius, xp=np',
                               'coord_func_f': 'grid_radius, xp=np',
                               'coord_func_g': 'grid_radius, xp=np',
                               'coord_func_h': 'grid_radius, xp=np',
                               'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                               'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                               'delta_concentration': 'redshift_object, redshift_source, '
                                                      "redshift_of_cosmic_average_density='profile', "
                                                      'cosmology=None',
                               'density_3d_func': 'r, xp=np',
                               'ellipticity_rescale': 'property',
                               'mass_at_200_solar_masses': 'redshift_object, redshift_source, '
                                                           "redshift_of_cosmic_average_density='profile', "
                                                           'cosmology=None, xp=np',
                               'potential_2d_from': 'grid, xp=np, **kwargs',
                               'radius_at_200': 'redshift_object, redshift_source, '
                                                "redshift_of_cosmic_average_density='profile', "
                                                'cosmology=None, xp=np',
                               'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                          'redshift_source, '
                                                                          'cosmology=None'},
                   'module': 'autogalaxy.profiles.mass.dark.gnfw_mcr',
                   'name': 'gNFWMCRLudlow'},
 'gNFWSph': {'attributes': ['centre', 'ell_comps', 'inner_slope', 'kappa_s', 'scale_radius'],
             'ctor': 'centre=(0.0, 0.0), kappa_s=0.05, inner_slope=1.0, scale_radius=1.0',
             'inherited': ['angle',
                           'angle_radians',
                           'angle_to_profile_grid_from',
                           'average_convergence_of_1_radius',
                           'axis_ratio',
                           'deflections_2d_via_potential_2d_from',
                           'density_between_circular_annuli',
                           'eccentric_radii_grid_from',
                           'elliptical_radii_grid_from',
                           'extract_attribute',
                           'has',
                           'mass_angular_within_circle_from',
                           'mass_integral',
                           'potential_func',
                           'radial_deflection_from',
                           'radial_grid_from',
                           'rotated_grid_from_reference_frame_from',
                           'transformed_from_reference_frame_grid_from',
                           'transformed_to_reference_frame_grid_from',
                           'vmapped_deflections_from'],
             'methods': {'concentration': 'redshift_profile, redshift_source, '
                                          "redshift_of_cosmic_average_density='profile', "
                                          'cosmology=None, xp=np',
                         'concentration_func': 'concentration, delta_concentration, xp=np',
                         'convergence_2d_from': 'grid, xp=np, **kwargs',
                         'convergence_func': 'grid_radius, xp=np',
                         'coord_func_f': 'grid_radius, xp=np',
                         'coord_func_g': 'grid_radius, xp=np',
                         'coord_func_h': 'grid_radius, xp=np',
                         'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                         'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                         'delta_concentration': 'redshift_object, redshift_source, '
                                                "redshift_of_cosmic_average_density='profile', "
                                                'cosmology=None',
                         'density_3d_func': 'r, xp=np',
                         'ellipticity_rescale': 'property',
                         'mass_at_200_solar_masses': 'redshift_object, redshift_source, '
                                                     "redshift_of_cosmic_average_density='profile', "
                                                     'cosmology=None, xp=np',
                         'potential_2d_from': 'grid, xp=np, **kwargs',
                         'radius_at_200': 'redshift_object, redshift_source, '
                                          "redshift_of_cosmic_average_density='profile', "
                                          'cosmology=None, xp=np',
                         'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                    'redshift_source, '
                                                                    'cosmology=None'},
             'module': 'autogalaxy.profiles.mass.dark.gnfw',
             'name': 'gNFWSph'},
 'gNFWVirialMassConcSph': {'attributes': ['c_2',
                                          'centre',
                                          'ell_comps',
                                          'inner_slope',
                                          'kappa_s',
                                          'log10m_vir',
                                          'overdens',
                                          'redshift_object',
                                          'redshift_source',
                                          'scale_radius',
                                          'virial_radius'],
                           'ctor': 'centre=(0.0, 0.0), log10m_vir=12.0, c_2=10.0, overdens=0.0, '
                                   'redshift_object=0.5, redshift_source=1.0, inner_slope=1.0',
                           'inherited': ['angle',
                                         'angle_radians',
                                         'angle_to_profile_grid_from',
                                         'average_convergence_of_1_radius',
                                         'axis_ratio',
                                         'deflections_2d_via_potential_2d_from',
                                         'density_between_circular_annuli',
                                         'eccentric_radii_grid_from',
                                         'elliptical_radii_grid_from',
                                         'extract_attribute',
                                         'has',
                                         'mass_angular_within_circle_from',
                                         'mass_integral',
                                         'potential_func',
                                         'radial_deflection_from',
                                         'radial_grid_from',
                                         'rotated_grid_from_reference_frame_from',
                                         'transformed_from_reference_frame_grid_from',
                                         'transformed_to_reference_frame_grid_from',
                                         'vmapped_deflections_from'],
                           'methods': {'concentration': 'redshift_profile, redshift_source, '
                                                        "redshift_of_cosmic_average_density='profile', "
                                                        'cosmology=None, xp=np',
                                       'concentration_func': 'concentration, delta_concentration, '
                                                             'xp=np',
                                       'convergence_2d_from': 'grid, xp=np, **kwargs',
                                       'convergence_func': 'grid_radius, xp=np',
                                       'coord_func_f': 'grid_radius, xp=np',
                                       'coord_func_g': 'grid_radius, xp=np',
                                       'coord_func_h': 'grid_radius, xp=np',
                                       'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                                       'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                       'delta_concentration': 'redshift_object, redshift_source, '
                                                              "redshift_of_cosmic_average_density='profile', "
                                                              'cosmology=None',
                                       'density_3d_func': 'r, xp=np',
                                       'ellipticity_rescale': 'property',
                                       'mass_at_200_solar_masses': 'redshift_object, '
                                                                   'redshift_source, '
                                                                   "redshift_of_cosmic_average_density='profile', "
                                                                   'cosmology=None, xp=np',
                                       'potential_2d_from': 'grid, xp=np, **kwargs',
                                       'radius_at_200': 'redshift_object, redshift_source, '
                                                        "redshift_of_cosmic_average_density='profile', "
                                                        'cosmology=None, xp=np',
                                       'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                                  'redshift_source, '
                                                                                  'cosmology=None'},
                           'module': 'autogalaxy.profiles.mass.dark.gnfw_virial_mass_conc',
                           'name': 'gNFWVirialMassConcSph'},
 'gNFWVirialMassgNFWConcSph': {'attributes': ['c_gNFW',
                                              'centre',
                                              'ell_comps',
                                              'inner_slope',
                                              'kappa_s',
                                              'log10m_vir',
                                              'overdens',
                                              'redshift_object',
                                              'redshift_source',
                                              'scale_radius',
                                              'virial_radius'],
                               'ctor': 'centre=(0.0, 0.0), log10m_vir=12.0, c_gNFW=10.0, '
                                       'overdens=0.0, redshift_object=0.5, redshift_source=1.0, '
                                       'inner_slope=1.0',
                               'inherited': ['angle',
                                             'angle_radians',
                                             'angle_to_profile_grid_from',
                                             'average_convergence_of_1_radius',
                                             'axis_ratio',
                                             'deflections_2d_via_potential_2d_from',
                                             'density_between_circular_annuli',
                                             'eccentric_radii_grid_from',
                                             'elliptical_radii_grid_from',
                                             'extract_attribute',
                                             'has',
                                             'mass_angular_within_circle_from',
                                             'mass_integral',
                                             'potential_func',
                                             'radial_deflection_from',
                                             'radial_grid_from',
                                             'rotated_grid_from_reference_frame_from',
                                             'transformed_from_reference_frame_grid_from',
                                             'transformed_to_reference_frame_grid_from',
                                             'vmapped_deflections_from'],
                               'methods': {'concentration': 'redshift_profile, redshift_source, '
                                                            "redshift_of_cosmic_average_density='profile', "
                                                            'cosmology=None, xp=np',
                                           'concentration_func': 'concentration, '
                                                                 'delta_concentration, xp=np',
                                           'convergence_2d_from': 'grid, xp=np, **kwargs',
                                           'convergence_func': 'grid_radius, xp=np',
                                           'coord_func_f': 'grid_radius, xp=np',
                                           'coord_func_g': 'grid_radius, xp=np',
                                           'coord_func_h': 'grid_radius, xp=np',
                                           'deflections_2d_via_mge_from': 'grid, xp=np, **kwargs',
                                           'deflections_yx_2d_from': 'grid, xp=np, **kwargs',
                                           'delta_concentration': 'redshift_object, '
                                                                  'redshift_source, '
                                                                  "redshift_of_cosmic_average_density='profile', "
                                                                  'cosmology=None',
                                           'density_3d_func': 'r, xp=np',
                                           'ellipticity_rescale': 'property',
                                           'mass_at_200_solar_masses': 'redshift_object, '
                                                                       'redshift_source, '
                                                                       "redshift_of_cosmic_average_density='profile', "
                                                                       'cosmology=None, xp=np',
                                           'potential_2d_from': 'grid, xp=np, **kwargs',
                                           'radius_at_200': 'redshift_object, redshift_source, '
                                                            "redshift_of_cosmic_average_density='profile', "
                                                            'cosmology=None, xp=np',
                                           'rho_at_scale_radius_solar_mass_per_kpc3': 'redshift_object, '
                                                                                      'redshift_source, '
                                                                                      'cosmology=None'},
                               'module': 'autogalaxy.profiles.mass.dark.gnfw_virial_mass_gnfw_conc',
                               'name': 'gNFWVirialMassgNFWConcSph'}}

MODULES = {'autogalaxy.cosmology.model': {'classes': {'FlatLambdaCDM': {'ctor': 'H0=67.66, Om0=0.30966, '
                                                                      'Tcmb0=2.7255, Neff=3.046, '
                                                                      'm_nu=0.0, Ob0=0.04897',
                                                              'methods': {'E': 'z, xp=np',
                                                                          'Om': 'z, xp=np',
                                                                          'angular_diameter_distance_kpc_z1z2': 'z1, '
                                                                                                                'z2, '
                                                                                                                'n_steps=8193, '
                                                                                                                'xp=np'}},
                                            'LensingCosmology': {'ctor': '*args, **kwargs',
                                                                 'methods': {'angular_diameter_distance_between_redshifts_in_kpc_from': 'redshift_0, '
                                                                                                                                        'redshift_1, '
                                                                                                                                        'xp=np',
                                                                             'angular_diameter_distance_to_earth_in_kpc_from': 'redshift, '
                                                                                                                               'xp=np',
                                                                             'arcsec_per_kpc_from': 'redshift, '
                                                                                                    'xp=np',
                                                                             'arcsec_per_kpc_proper': 'z, '
                                                                                                      'xp=np',
                                                                             'cosmic_average_density_from': 'redshift, '
                                                                                                            'xp=np',
                                                                             'cosmic_average_density_solar_mass_per_kpc3_from': 'redshift, '
                                                                                                                                'xp=np',
                                                                             'critical_density': 'z, '
                                                                                                 'xp=np',
                                                                             'critical_surface_density_between_redshifts_from': 'redshift_0, '
                                                                                                                                'redshift_1, '
                                                                                                                                'xp=np',
                                                                             'critical_surface_density_between_redshifts_solar_mass_per_kpc2_from': 'redshift_0, '
                                                                                                                                                    'redshift_1, '
                                                                                                                                                    'xp=np',
                                                                             'kpc_per_arcsec_from': 'redshift, '
                                                                                                    'xp=np',
                                                                             'kpc_proper_per_arcsec': 'z, '
                                                                                                      'xp=np',
                                                                             'luminosity_distance': 'z, '
                                                                                                    'xp=np',
                                                                             'scaling_factor_between_redshifts_from': 'redshift_0, '
                                                                                                                      'redshift_1, '
                                                                                                                      'redshift_final, '
                                                                                                                      'xp=np',
                                                                             'velocity_dispersion_from': 'redshift_0, '
                                                                                                         'redshift_1, '
                                                                                                         'einstein_radius, '
                                                                                                         'xp=np'}},
                                            'Planck15': {'ctor': '', 'methods': {}}},
                                'constants': [],
                                'functions': {},
                                'module': 'autogalaxy.cosmology.model'},
 'autogalaxy.profiles.mass.dark.ludlow16': {'classes': {},
                                            'constants': ['PLANCK15_COSMOLOGY'],
                                            'functions': {'einasto_mass_ratio': 'c, xp=np, '
                                                                                'alpha=0.18',
                                                          'growth_factor': 'z, Om0, Ode0, xp=np, '
                                                                           'nz=256, z_max=10000.0',
                                                          'ludlow16_concentration': 'M200c_Msun_per_h, '
                                                                                    'z, h, Om0, '
                                                                                    'Ob0, Tcmb0, '
                                                                                    'sigma8, ns, '
                                                                                    'xp=np, '
                                                                                    'Ode0=None, '
                                                                                    'c_array_size=200, '
                                                                                    'sigma_nk=256, '
                                                                                    'growth_nz=256',
                                                          'sigma_R': 'R, h, Om0, Ob0, Tcmb0, '
                                                                     'sigma8, ns, xp=np, '
                                                                     'k_log_min=-5.0, '
                                                                     'k_log_max=3.0, nk=256',
                                                          'transfer_eh98': 'k, h, Om0, Ob0, '
                                                                           'Tcmb0, xp=np'},
                                            'module': 'autogalaxy.profiles.mass.dark.ludlow16'},
 'autogalaxy.profiles.mass.dark.mcr_util': {'classes': {},
                                            'constants': [],
                                            'functions': {'kappa_s_and_scale_radius_for_duffy': 'mass_at_200, '
                                                                                                'redshift_object, '
                                                                                                'redshift_source',
                                                          'kappa_s_and_scale_radius_for_ludlow': 'mass_at_200, '
                                                                                                 'scatter_sigma, '
                                                                                                 'redshift_object, '
                                                                                                 'redshift_source',
                                                          'kappa_s_scale_radius_and_core_radius_for_ludlow': 'mass_at_200, '
                                                                                                             'scatter_sigma, '
                                                                                                             'f_c, '
                                                                                                             'redshift_object, '
                                                                                                             'redshift_source',
                                                          'ludlow16_cosmology': 'mass_at_200, '
                                                                                'redshift_object, '
                                                                                'redshift_source, '
                                                                                'xp=np'},
                                            'module': 'autogalaxy.profiles.mass.dark.mcr_util'}}
